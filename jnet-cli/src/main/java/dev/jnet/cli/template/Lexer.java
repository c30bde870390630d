package dev.jnet.cli.template;

import java.util.ArrayList;
import java.util.List;

/** Splits a template into text and actions, applying the {@code {{-} and {@code -}}} trim markers. */
final class Lexer {
    /** Text (action null) or an action's inside (text null), trimmed of its braces, markers and spaces. */
    record Piece(String text, String action) {}

    private Lexer() {}

    static List<Piece> split(String template) {
        List<Piece> pieces = new ArrayList<>();
        int pos = 0;
        boolean trimNext = false;
        while (pos <= template.length()) {
            int open = template.indexOf("{{", pos);
            String text = template.substring(pos, open < 0 ? template.length() : open);
            boolean trimBefore = open >= 0 && template.startsWith("{{-", open) && open + 3 < template.length()
                    && Character.isWhitespace(template.charAt(open + 3));
            if (trimNext) {
                text = text.stripLeading();
            }
            if (trimBefore) {
                text = text.stripTrailing();
            }
            if (!text.isEmpty()) {
                pieces.add(new Piece(text, null));
            }
            if (open < 0) {
                break;
            }
            int close = closing(template, open + 2);
            String inside = template.substring(open + (trimBefore ? 3 : 2), close);
            trimNext = inside.length() >= 2 && inside.endsWith("-") && Character.isWhitespace(inside.charAt(inside.length() - 2));
            if (trimNext) {
                inside = inside.substring(0, inside.length() - 1);
            }
            pieces.add(new Piece(null, inside.strip()));
            pos = close + 2;
        }
        return pieces;
    }

    /** Where the action that starts at {@code from} closes, skipping "}}" inside quoted strings. */
    private static int closing(String template, int from) {
        char quote = 0;
        for (int i = from; i < template.length() - 1; i++) {
            char c = template.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '`') {
                quote = c;
            } else if (c == '}' && template.charAt(i + 1) == '}') {
                return i;
            }
        }
        throw TemplateException.parse("unclosed action");
    }
}
