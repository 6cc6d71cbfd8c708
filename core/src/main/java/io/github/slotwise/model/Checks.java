package io.github.slotwise.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Argument checks shared by the model's value types; every message names the field and value. */
final class Checks {
    private Checks() {}

    private static final Pattern REQUIRED =
            Pattern.compile("Cannot build (\\w+), some of required attributes are not set \\[(.*)]");

    static void checkId(String field, String id) {
        if (isId(id)) {
            return;
        }
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-blank id, got " + quote(id));
        }
        if (id.length() > Limits.MAX_ID_LENGTH) {
            throw new IllegalArgumentException(
                    field + " must be an id of at most " + Limits.MAX_ID_LENGTH + " characters, got " + quote(id));
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    field + " must be an id without control characters (line breaks, tabs), got " + quote(id));
        }
    }

    /**
     * Whether {@link #checkId} accepts an id: non-blank, at most {@link Limits#MAX_ID_LENGTH}
     * characters, no control characters. Callers whose field name takes work to build check this
     * first and build it only for the message.
     */
    static boolean isId(String id) {
        if (id == null || id.length() > Limits.MAX_ID_LENGTH) {
            return false;
        }
        // one pass for both: String.isBlank tests code points, but no code point beyond the first
        // 65,536 is whitespace, and neither half of a surrogate pair is, so testing chars agrees
        boolean blank = true;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (blank && !Character.isWhitespace(c)) {
                blank = false;
            }
        }
        return !blank;
    }

    /** A value as messages quote it: whole up to 60 characters, else its start and its length; escaped. */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder q = new StringBuilder("'");
        s.codePoints().limit(60).forEach(c -> {
            if (Character.isISOControl(c)) {
                q.append(String.format("\\u%04x", c));
            } else {
                q.appendCodePoint(c);
            }
        });
        q.append('\'');
        return s.length() <= 60 ? q.toString() : q + "... (" + s.length() + " characters)";
    }

    /** Rewrites Immutables' missing-attributes message as "JobVertex: id is required but not set". */
    static String missingAttributes(String immutablesMessage) {
        Matcher m = REQUIRED.matcher(String.valueOf(immutablesMessage));
        if (!m.matches()) {
            return immutablesMessage;
        }
        String[] names = m.group(2).split(",\\s*");
        return m.group(1) + ": " + String.join(" and ", names) + (names.length == 1 ? " is" : " are")
                + " required but not set";
    }

    /** The model type whose generated builder or instance is on the stack ("JobVertex"), or "value". */
    static String builtType() {
        Optional<String> type = StackWalker.getInstance()
                .walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                        .filter(c -> c.startsWith(Checks.class.getPackageName() + ".Immutable"))
                        .findFirst());
        return type.map(c -> {
                    String simple = c.substring(c.lastIndexOf('.') + 1 + "Immutable".length());
                    int nested = simple.indexOf('$');
                    return nested < 0 ? simple : simple.substring(0, nested);
                })
                .orElse("value");
    }
}
