package dev.jnet.daemon.api.filter;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How many copies of its innermost part a regular expression's counted repetitions ask for:
 * {@code ((a{10}){20}b){3}} asks for 600. Go's parser refuses an expression that asks for more than 1000
 * ({@code repeatIsValid}); RE2/J does not, and would build the copies (10^9 for {@code ((a{999}){999}){999}}).
 * So this is read before RE2/J sees the expression. It scans the text with Go's syntax for what is not a
 * repetition (escapes, {@code \Q...\E}, {@code \p{Greek}}, character classes) and errs on the side of counting:
 * a brace it cannot place is taken as a repetition.
 */
final class RepeatNesting {
    /** Beyond this a count is refused anyway; it keeps the products within an int. */
    private static final int CAP = 1_000_000;

    private final String text;
    private int at;

    private RepeatNesting(String text) {
        this.text = text;
    }

    /** The largest product of nested counted repetitions in {@code expression} (1 when it has none). */
    static int copies(String expression) {
        return new RepeatNesting(expression).scan();
    }

    /** A group being read: the most copies any repetition inside it asked for so far. */
    private static final class Group {
        int copies = 1;
    }

    private int scan() {
        Deque<Group> groups = new ArrayDeque<>();
        Group current = new Group();
        int last = 1; // copies the last atom stands for
        while (at < text.length()) {
            char c = text.charAt(at);
            switch (c) {
                case '\\' -> {
                    skipEscape();
                    last = 1;
                }
                case '[' -> {
                    skipClass();
                    last = 1;
                }
                case '(' -> {
                    groups.push(current);
                    current = new Group();
                    at++;
                }
                case ')' -> {
                    last = current.copies;
                    current = groups.isEmpty() ? new Group() : groups.pop();
                    current.copies = Math.max(current.copies, last);
                    at++;
                }
                case '{' -> {
                    int count = repeatCount();
                    if (count < 0) {
                        last = 1; // a literal brace
                        at++;
                    } else {
                        last = (int) Math.min(CAP, (long) Math.max(count, 1) * last);
                        current.copies = Math.max(current.copies, last);
                    }
                }
                default -> {
                    last = 1;
                    at++;
                }
            }
        }
        while (!groups.isEmpty()) {
            Group outer = groups.pop();
            outer.copies = Math.max(outer.copies, current.copies);
            current = outer;
        }
        return current.copies;
    }

    /** At {@code {n}}, {@code {n,}} or {@code {n,m}}: skips it and returns m (or n); -1 if it is not one. */
    private int repeatCount() {
        int i = at + 1;
        int start = i;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i == start) {
            return -1;
        }
        int min = number(start, i);
        int max = min;
        if (i < text.length() && text.charAt(i) == ',') {
            int from = ++i;
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                i++;
            }
            max = i == from ? min : number(from, i);
        }
        if (i >= text.length() || text.charAt(i) != '}') {
            return -1;
        }
        at = i + 1;
        return max;
    }

    private int number(int from, int to) {
        return to - from > 7 ? CAP : (int) Math.min(CAP, Long.parseLong(text.substring(from, to)));
    }

    /** At a backslash: skips the escape, {@code \Q...\E} and braced forms ({@code \p{Greek}}, {@code \x{41}}) whole. */
    private void skipEscape() {
        at++;
        if (at >= text.length()) {
            return;
        }
        char kind = text.charAt(at++);
        if (kind == 'Q') {
            int end = text.indexOf("\\E", at);
            at = end < 0 ? text.length() : end + 2;
        } else if ((kind == 'p' || kind == 'P' || kind == 'x') && at < text.length() && text.charAt(at) == '{') {
            int end = text.indexOf('}', at);
            at = end < 0 ? text.length() : end + 1;
        }
    }

    /** At {@code [}: skips the class, with its escapes, {@code [:alpha:]} parts and a leading {@code ]}. */
    private void skipClass() {
        at++;
        if (at < text.length() && text.charAt(at) == '^') {
            at++;
        }
        if (at < text.length() && text.charAt(at) == ']') {
            at++;
        }
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == ']') {
                at++;
                return;
            }
            if (c == '\\') {
                skipEscape();
            } else if (c == '[' && at + 1 < text.length() && text.charAt(at + 1) == ':') {
                int end = text.indexOf(":]", at + 2);
                at = end < 0 ? at + 1 : end + 2;
            } else {
                at++;
            }
        }
    }
}
