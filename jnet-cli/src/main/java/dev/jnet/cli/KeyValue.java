package dev.jnet.cli;

import picocli.CommandLine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code KEY=VALUE} argument ({@code --opt}, {@code --label}, {@code --aux-address}, {@code --driver-opt}).
 * The value may itself contain '='; the key may not be empty.
 */
record KeyValue(String key, String value) {
    KeyValue {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a key must not be empty");
        }
    }

    /** Parses {@code KEY=VALUE}; the '=' is required. */
    static KeyValue parse(String text) {
        int equals = text.indexOf('=');
        if (equals < 0) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not KEY=VALUE");
        }
        if (equals == 0) {
            throw new CommandLine.TypeConversionException("'" + text + "' has an empty key; expected KEY=VALUE");
        }
        return new KeyValue(text.substring(0, equals), text.substring(equals + 1));
    }

    /** Parses {@code KEY=VALUE} or a bare {@code KEY} (an empty value), as docker's {@code --label}. */
    static KeyValue parseLabel(String text) {
        return text.indexOf('=') < 0 && !text.isEmpty() ? new KeyValue(text, "") : parse(text);
    }

    /** The pairs as a map in the order given; a key given again takes the later value, as in docker. */
    static Map<String, String> toMap(List<KeyValue> pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        if (pairs != null) {
            pairs.forEach(p -> map.put(p.key(), p.value()));
        }
        return map;
    }

    /** Converts {@code KEY=VALUE} options. */
    static final class Converter implements CommandLine.ITypeConverter<KeyValue> {
        @Override
        public KeyValue convert(String value) {
            return parse(value);
        }
    }

    /** Converts {@code --label KEY[=VALUE]} options. */
    static final class LabelConverter implements CommandLine.ITypeConverter<KeyValue> {
        @Override
        public KeyValue convert(String value) {
            return parseLabel(value);
        }
    }
}
