package io.github.slotwise.parallelism;

import java.math.BigInteger;
import java.util.Locale;

/**
 * An exact non-negative fraction, in lowest terms, so that proportional rounding never depends on
 * floating-point error (a quota of exactly 3 must floor to 3, not 2).
 */
record Ratio(BigInteger num, BigInteger den) implements Comparable<Ratio> {
    static final Ratio ZERO = of(0);

    Ratio {
        if (den.signum() <= 0) {
            throw new IllegalArgumentException("denominator must be positive, got " + den);
        }
        BigInteger gcd = num.gcd(den);
        if (!gcd.equals(BigInteger.ONE) && gcd.signum() != 0) {
            num = num.divide(gcd);
            den = den.divide(gcd);
        }
    }

    static Ratio of(long value) {
        return new Ratio(BigInteger.valueOf(value), BigInteger.ONE);
    }

    static Ratio of(long num, long den) {
        return new Ratio(BigInteger.valueOf(num), BigInteger.valueOf(den));
    }

    Ratio plus(Ratio o) {
        return new Ratio(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
    }

    Ratio minus(Ratio o) {
        return new Ratio(num.multiply(o.den).subtract(o.num.multiply(den)), den.multiply(o.den));
    }

    Ratio times(Ratio o) {
        return new Ratio(num.multiply(o.num), den.multiply(o.den));
    }

    Ratio times(long factor) {
        return new Ratio(num.multiply(BigInteger.valueOf(factor)), den);
    }

    Ratio dividedBy(Ratio o) {
        if (o.num.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        BigInteger n = num.multiply(o.den);
        BigInteger d = den.multiply(o.num);
        return d.signum() < 0 ? new Ratio(n.negate(), d.negate()) : new Ratio(n, d);
    }

    /** The largest integer not above this value. */
    long floor() {
        BigInteger[] qr = num.divideAndRemainder(den);
        BigInteger q = qr[0];
        if (qr[1].signum() < 0) {
            q = q.subtract(BigInteger.ONE);
        }
        return q.longValueExact();
    }

    /** This value minus its floor, in {@code [0, 1)}. */
    Ratio fraction() {
        return minus(of(floor()));
    }

    Ratio clamp(long low, long high) {
        if (compareTo(of(low)) < 0) {
            return of(low);
        }
        return compareTo(of(high)) > 0 ? of(high) : this;
    }

    boolean isInteger() {
        return den.equals(BigInteger.ONE);
    }

    @Override
    public int compareTo(Ratio o) {
        return num.multiply(o.den).compareTo(o.num.multiply(den));
    }

    /** Two decimals, or the integer itself. */
    @Override
    public String toString() {
        if (isInteger()) {
            return num.toString();
        }
        return String.format(Locale.ROOT, "%.2f", num.doubleValue() / den.doubleValue());
    }
}
