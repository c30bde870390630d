package dev.jnet.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A table laid out as docker lays out its lists (Go's tabwriter with a minimum cell width of 10 and a
 * padding of 3): every column but the last is as wide as its widest cell plus 3, and at least 10.
 */
final class Table {
    static final int MIN_WIDTH = 10;
    static final int PADDING = 3;

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    Table row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("a row needs " + header.size() + " cells, not " + cells.length);
        }
        List<String> row = new ArrayList<>();
        for (String cell : cells) {
            row.add(cell == null ? "" : cell);
        }
        rows.add(row);
        return this;
    }

    @Override
    public String toString() {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            int widest = header.get(c).length();
            for (List<String> row : rows) {
                widest = Math.max(widest, row.get(c).length());
            }
            widths[c] = Math.max(MIN_WIDTH, widest + PADDING);
        }
        StringBuilder out = new StringBuilder();
        line(out, header, widths);
        rows.forEach(row -> line(out, row, widths));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            line.append(cells.get(c));
            if (c < cells.size() - 1) {
                line.append(" ".repeat(widths[c] - cells.get(c).length()));
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
