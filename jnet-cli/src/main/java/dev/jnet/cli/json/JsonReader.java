package dev.jnet.cli.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON text (RFC 8259) into a {@link Json} tree: strict (no comments, trailing commas or
 * single quotes), nesting at most {@link #MAX_DEPTH} deep, a later duplicate member replacing an earlier one.
 */
public final class JsonReader {
    /** Deeper than this is refused, so that a hostile answer cannot exhaust the stack. */
    static final int MAX_DEPTH = 512;

    private final String text;
    private int pos;
    private int depth;

    private JsonReader(String text) {
        this.text = text;
    }

    /** Parses UTF-8 bytes; fails with {@link JsonSyntaxException} saying where and what is wrong. */
    public static Json read(byte[] utf8) {
        return read(new String(utf8, StandardCharsets.UTF_8));
    }

    /** Parses a string; fails with {@link JsonSyntaxException} saying where and what is wrong. */
    public static Json read(String text) {
        JsonReader reader = new JsonReader(text);
        reader.skipSpace();
        Json value = reader.value();
        reader.skipSpace();
        if (reader.pos < text.length()) {
            throw reader.error("unexpected '" + text.charAt(reader.pos) + "' after the value");
        }
        return value;
    }

    private Json value() {
        if (pos >= text.length()) {
            throw error("the text ends where a value should be");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> new Json.Str(string());
            case 't' -> literal("true", new Json.Bool(true));
            case 'f' -> literal("false", new Json.Bool(false));
            case 'n' -> literal("null", Json.NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected '" + c + "'");
            }
        };
    }

    private Json object() {
        enter();
        pos++;
        Map<String, Json> members = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            depth--;
            return new Json.Obj(members);
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a member name in quotes");
            }
            String name = string();
            skipSpace();
            expect(':');
            skipSpace();
            members.put(name, value());
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else {
                expect('}');
                depth--;
                return new Json.Obj(members);
            }
        }
    }

    private Json array() {
        enter();
        pos++;
        List<Json> elements = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            depth--;
            return new Json.Arr(elements);
        }
        while (true) {
            skipSpace();
            elements.add(value());
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else {
                expect(']');
                depth--;
                return new Json.Arr(elements);
            }
        }
    }

    private String string() {
        pos++; // the opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("a string is not closed");
            }
            char c = text.charAt(pos);
            if (c < 0x20) {
                throw error("a control character in a string must be escaped");
            }
            pos++;
            if (c == '"') {
                return out.toString();
            } else if (c == '\\') {
                out.append(escape());
            } else {
                out.append(c);
            }
        }
    }

    private char escape() {
        if (pos >= text.length()) {
            throw error("a string ends inside an escape");
        }
        char c = text.charAt(pos++);
        return switch (c) {
            case '"', '\\', '/' -> c;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                if (pos + 4 > text.length()) {
                    throw error("\\u needs four hex digits");
                }
                String hex = text.substring(pos, pos + 4);
                if (!hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                    throw error("\\u needs four hex digits");
                }
                pos += 4;
                yield (char) Integer.parseInt(hex, 16);
            }
            default -> throw error("unknown escape \\" + c);
        };
    }

    private Json number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else {
            digits("a number needs a digit");
        }
        if (peek() == '.') {
            pos++;
            digits("a fraction needs a digit");
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            digits("an exponent needs a digit");
        }
        return new Json.Num(text.substring(start, pos));
    }

    private void digits(String missing) {
        int start = pos;
        while (peek() >= '0' && peek() <= '9') {
            pos++;
        }
        if (pos == start) {
            throw error(missing);
        }
    }

    private Json literal(String word, Json value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected '" + text.charAt(pos) + "'");
        }
        pos += word.length();
        return value;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error(pos >= text.length() ? "the text ends where '" + c + "' should be" : "expected '" + c + "'");
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private JsonSyntaxException error(String what) {
        return new JsonSyntaxException(what + " at character " + (pos + 1));
    }
}
