package io.github.slotwise.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The known names closest to an unknown one, for messages such as {@code "unknown policy
 * 'flink2'; closest: flink-2, flink-1.20"}. Names that contain the given one come first (a prefix
 * typed short of the whole name), then the rest by Levenshtein distance, case-insensitive; ties
 * keep the known names' order. (Core depends on Guava and Immutables only, and Guava has no
 * edit distance, hence this small implementation.)
 */
public final class Suggestions {
    /** Names longer than this are not compared (the message stays short and the cost bounded). */
    private static final int MAX_COMPARED_LENGTH = 100;

    private Suggestions() {}

    /**
     * The {@code max} known names closest to {@code given}.
     *
     * @param given the unknown name
     * @param known the names that exist, in the order that breaks ties
     * @param max how many to return, at least 1
     * @return at most {@code max} names, closest first
     */
    public static List<String> closest(String given, Collection<String> known, int max) {
        String g = given.length() > MAX_COMPARED_LENGTH ? given.substring(0, MAX_COMPARED_LENGTH) : given;
        String lower = g.toLowerCase(Locale.ROOT);
        List<String> names = new ArrayList<>(known);
        List<Integer> distance = new ArrayList<>();
        for (String n : names) {
            String name = n.toLowerCase(Locale.ROOT);
            // containing names rank below any other distance (negative), shortest first
            distance.add(
                    !lower.isEmpty() && name.contains(lower)
                            ? name.length() - lower.length() - Integer.MAX_VALUE / 2
                            : levenshtein(lower, name));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(distance::get));
        return order.stream().limit(max).map(names::get).toList();
    }

    /**
     * {@code "; closest: a, b, c"} for the three known names closest to {@code given}, or {@code ""}
     * if there are none.
     *
     * @param given the unknown name
     * @param known the names that exist
     * @return the text to append to a message
     */
    public static String closestText(String given, Collection<String> known) {
        List<String> c = closest(given, known, 3);
        return c.isEmpty() ? "" : "; closest: " + String.join(", ", c);
    }

    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
