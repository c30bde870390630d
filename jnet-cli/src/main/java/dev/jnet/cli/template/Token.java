package dev.jnet.cli.template;

import java.util.ArrayList;
import java.util.List;

/**
 * One word of an action: a field, string, number, identifier, parenthesis or pipe. {@code attached}: the
 * word follows the previous one with no space ({@code (index . 0).Name}: the field applies to the group).
 */
record Token(Kind kind, String text, boolean attached) {
    enum Kind { FIELD, STRING, NUMBER, IDENTIFIER, OPEN, CLOSE, PIPE }

    Token(Kind kind, String text) {
        this(kind, text, false);
    }

    static List<Token> split(String action) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < action.length()) {
            char c = action.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == '|') {
                tokens.add(new Token(c == '(' ? Kind.OPEN : c == ')' ? Kind.CLOSE : Kind.PIPE, String.valueOf(c)));
                i++;
            } else if (c == '"') {
                StringBuilder value = new StringBuilder();
                i = quoted(action, i + 1, value);
                tokens.add(new Token(Kind.STRING, value.toString()));
            } else if (c == '`') {
                int end = action.indexOf('`', i + 1);
                if (end < 0) {
                    throw TemplateException.parse("unterminated raw quoted string");
                }
                tokens.add(new Token(Kind.STRING, action.substring(i + 1, end)));
                i = end + 1;
            } else {
                int end = i;
                while (end < action.length() && !Character.isWhitespace(action.charAt(end)) && "()|\"`".indexOf(action.charAt(end)) < 0) {
                    end++;
                }
                Token word = word(action.substring(i, end));
                boolean attached = i > 0 && action.charAt(i - 1) == ')';
                tokens.add(attached ? new Token(word.kind(), word.text(), true) : word);
                i = end;
            }
        }
        return tokens;
    }

    private static Token word(String word) {
        if (word.startsWith(".") || word.startsWith("$")) {
            if (word.startsWith("$") && word.length() > 1 && word.charAt(1) != '.') {
                throw TemplateException.parse("variables such as " + word + " are not supported");
            }
            return new Token(Kind.FIELD, word);
        }
        if (word.matches("[-+]?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
            return new Token(Kind.NUMBER, word);
        }
        if (word.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return new Token(Kind.IDENTIFIER, word);
        }
        if (word.equals(":=") || word.equals("=")) {
            throw TemplateException.parse("variables are not supported");
        }
        throw TemplateException.parse("unexpected \"" + word + "\" in operand");
    }

    /** Reads a Go interpreted string from {@code from} (after its quote) into {@code value}; returns the end. */
    private static int quoted(String action, int from, StringBuilder value) {
        int i = from;
        while (i < action.length()) {
            char c = action.charAt(i++);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i < action.length()) {
                char e = action.charAt(i++);
                value.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '\\', '"' -> e;
                    default -> throw TemplateException.parse("unknown escape \\" + e + " in a string");
                });
            } else {
                value.append(c);
            }
        }
        throw TemplateException.parse("unterminated quoted string");
    }
}
