package io.github.slotwise.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: a header row and data rows, columns padded to their widest cell and
 * separated by two spaces. Columns marked numeric are right-aligned, the others left-aligned; no
 * trailing spaces are written.
 */
final class TextTable {
    private final List<String> header;
    private final boolean[] numeric;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * Creates a table; a header name that starts with {@code >} marks a right-aligned (numeric)
     * column, the marker is not printed.
     */
    TextTable(String... header) {
        this.header = new ArrayList<>();
        this.numeric = new boolean[header.length];
        for (int i = 0; i < header.length; i++) {
            numeric[i] = header[i].startsWith(">");
            this.header.add(numeric[i] ? header[i].substring(1) : header[i]);
        }
    }

    /** Adds a row of exactly as many cells as the header. */
    TextTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, header " + header.size());
        }
        List<String> row = new ArrayList<>();
        for (Object c : cells) {
            row.add(String.valueOf(c));
        }
        rows.add(row);
        return this;
    }

    /** Appends the table to {@code out}, each line prefixed with {@code indent}. */
    void appendTo(StringBuilder out, String indent) {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
            for (List<String> row : rows) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        appendRow(out, indent, header, width);
        for (List<String> row : rows) {
            appendRow(out, indent, row, width);
        }
    }

    private void appendRow(StringBuilder out, String indent, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder(indent);
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String pad = " ".repeat(width[i] - cell.length());
            if (i > 0) {
                line.append("  ");
            }
            line.append(numeric[i] ? pad + cell : cell + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
