package io.github.slotwise.model;

/** Argument checks shared by the model's value types; every message names the field and value. */
final class Checks {
    private Checks() {}

    static void checkId(String field, String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-blank id, got " + quote(id));
        }
    }

    static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
