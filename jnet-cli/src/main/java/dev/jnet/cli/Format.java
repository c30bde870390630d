package dev.jnet.cli;

import picocli.CommandLine;

/** The {@code --format} of list and inspect commands. */
enum Format {
    /** Columns for people (lists) or indented JSON (inspect). */
    TABLE,
    /** One compact API object per line, for scripts. */
    JSON;

    /** Accepts {@code table} or {@code json}, in any case. */
    static final class Converter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "table" -> TABLE;
                case "json" -> JSON;
                default -> throw new CommandLine.TypeConversionException("must be table or json, not '" + value + "'");
            };
        }
    }
}
