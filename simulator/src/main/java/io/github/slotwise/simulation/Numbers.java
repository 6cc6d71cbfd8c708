package io.github.slotwise.simulation;

import java.util.Locale;

/**
 * Numbers in explanations, as {@code String.format(Locale.US, "%.3g", v)} gives them, with the last
 * texts kept: an autoscaler explains with the same settings (its target, its thresholds) at every
 * change, and a formatter costs more than the rest of an evaluation.
 */
final class Numbers {
    /** A number and its text; immutable, so it is safe to share between threads as it is. */
    private record Text(long bits, String text) {}

    private static final int SLOTS = 64;

    /** Texts by the number's bits, one per slot (a later number replaces an earlier one). */
    private static final Text[] TEXTS = new Text[SLOTS];

    private Numbers() {}

    /**
     * {@code String.format(Locale.US, "%.3g", v)}.
     *
     * @param v a number
     * @return its text: three significant digits
     */
    static String threeDigits(double v) {
        long bits = Double.doubleToRawLongBits(v);
        int slot = (int) ((bits ^ (bits >>> 29) ^ (bits >>> 47)) & (SLOTS - 1));
        Text t = TEXTS[slot]; // a race only loses a text, which is made again
        if (t != null && t.bits() == bits) {
            return t.text();
        }
        String text = String.format(Locale.US, "%.3g", v);
        TEXTS[slot] = new Text(bits, text);
        return text;
    }
}
