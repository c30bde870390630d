package dev.jnet.cli.json;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes JSON: a {@link Json} tree, or the CLI's request values (records, maps, collections, strings,
 * numbers, booleans and null). A record becomes an object of its components in order, leaving out those
 * that are null or empty (an empty string, collection or map), so that jnetd applies its defaults. Compact
 * output has no spaces; pretty output indents by four spaces with {@code "name": value}, as {@code docker
 * inspect} prints.
 */
public final class JsonWriter {
    private static final String INDENT = "    ";

    private final StringBuilder out = new StringBuilder();
    private final boolean pretty;

    private JsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    /** One line, no spaces. */
    public static String compact(Object value) {
        JsonWriter writer = new JsonWriter(false);
        writer.write(value, 0);
        return writer.out.toString();
    }

    /** Indented by four spaces per level, without a final newline. */
    public static String pretty(Object value) {
        JsonWriter writer = new JsonWriter(true);
        writer.write(value, 0);
        return writer.out.toString();
    }

    private void write(Object value, int level) {
        switch (value) {
            case null -> out.append("null");
            case Json.Obj o -> members(o.members(), level);
            case Json.Arr a -> elements(a.elements(), level);
            case Json.Str s -> string(s.value());
            case Json.Num n -> out.append(n.text());
            case Json.Bool b -> out.append(b.value());
            case Json.Null n -> out.append("null");
            case Json.Missing m -> out.append("null");
            case CharSequence s -> string(s.toString());
            case Boolean b -> out.append(b);
            case Number n -> out.append(n);
            case Map<?, ?> map -> members(map, level);
            case Collection<?> c -> elements(c, level);
            case Record r -> members(components(r), level);
            default -> throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private void members(Map<?, ?> members, int level) {
        if (members.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        String separator = "";
        for (Map.Entry<?, ?> member : members.entrySet()) {
            out.append(separator);
            newline(level + 1);
            string(String.valueOf(member.getKey()));
            out.append(pretty ? ": " : ":");
            write(member.getValue(), level + 1);
            separator = ",";
        }
        newline(level);
        out.append('}');
    }

    private void elements(Collection<?> elements, int level) {
        if (elements.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        String separator = "";
        for (Object element : elements) {
            out.append(separator);
            newline(level + 1);
            write(element, level + 1);
            separator = ",";
        }
        newline(level);
        out.append(']');
    }

    private void newline(int level) {
        if (pretty) {
            out.append('\n').append(INDENT.repeat(level));
        }
    }

    /**
     * A string in quotes, escaped as Go's encoding/json escapes it (what docker prints): quote, backslash,
     * control characters ({@code \u001f}, lower-case), {@code <}, {@code >}, {@code &}, U+2028 and U+2029.
     */
    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '<', '>', '&', '\u2028', '\u2029' -> out.append("\\u%04x".formatted((int) c));
                default -> {
                    if (c < 0x20) {
                        out.append("\\u%04x".formatted((int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A record's components in declaration order, without the null and empty ones. */
    private static Map<String, Object> components(Record r) {
        Map<String, Object> members = new LinkedHashMap<>();
        for (RecordComponent component : r.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(r);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component.getName() + " of " + r.getClass().getName(), e);
            }
            if (!isEmpty(value)) {
                members.put(component.getName(), value);
            }
        }
        return members;
    }

    private static boolean isEmpty(Object value) {
        return switch (value) {
            case null -> true;
            case CharSequence s -> s.isEmpty();
            case Collection<?> c -> c.isEmpty();
            case Map<?, ?> m -> m.isEmpty();
            default -> false;
        };
    }
}
