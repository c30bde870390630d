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
    /** Whether a line keeps the padding after its last non-empty cell, as Go's tabwriter does. */
    private boolean keepPadding;

    Table(String... header) {
        this.header = List.of(header);
    }

    /**
     * Lines whose cells are separated by tabs, the first the header, laid out exactly as docker's tabwriter
     * does for a {@code table} template (an empty last cell leaves the padding before it); short rows get
     * empty cells.
     */
    static Table ofTabbed(List<String> lines) {
        int columns = lines.stream().mapToInt(l -> l.split("\t", -1).length).max().orElse(1);
        Table table = new Table(cells(lines.getFirst(), columns));
        table.keepPadding = true;
        lines.subList(1, lines.size()).forEach(l -> table.row(cells(l, columns)));
        return table;
    }

    private static String[] cells(String line, int columns) {
        String[] cells = new String[columns];
        String[] given = line.split("\t", -1);
        for (int c = 0; c < columns; c++) {
            cells[c] = c < given.length ? given[c] : "";
        }
        return cells;
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

    private void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            line.append(cells.get(c));
            if (c < cells.size() - 1) {
                line.append(" ".repeat(widths[c] - cells.get(c).length()));
            }
        }
        out.append(keepPadding ? line : line.toString().stripTrailing()).append('\n');
    }
}
