package io.github.slotwise.keygroup;

/** Interim: replaced by the keygroup branch on merge. */
public final class KeyGroups {
    public static final int UPPER_BOUND_MAX_PARALLELISM = 32768;
    public static final int DEFAULT_LOWER_BOUND_MAX_PARALLELISM = 128;

    private KeyGroups() {}

    public static void checkParallelism(String field, int value) {
        if (value < 1 || value > UPPER_BOUND_MAX_PARALLELISM) {
            throw new IllegalArgumentException(
                    field + " must be in [1, " + UPPER_BOUND_MAX_PARALLELISM + "], got " + value);
        }
    }

    public static int defaultMaxParallelism(int parallelism) {
        checkParallelism("parallelism", parallelism);
        int x = parallelism + parallelism / 2;
        int pow = x <= 1 ? 1 : Integer.highestOneBit(x - 1) << 1;
        return Math.min(Math.max(pow, DEFAULT_LOWER_BOUND_MAX_PARALLELISM), UPPER_BOUND_MAX_PARALLELISM);
    }
}
