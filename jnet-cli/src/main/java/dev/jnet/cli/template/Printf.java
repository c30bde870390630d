package dev.jnet.cli.template;

import dev.jnet.cli.json.Json;
import dev.jnet.cli.json.JsonWriter;

import java.math.BigDecimal;
import java.util.List;

/**
 * Go's {@code printf} for the values JSON has: verbs {@code %s %v %d %q %x %t %f %%}, the flags {@code -}
 * (left-justify), {@code 0} (zero padding for numbers), {@code +} (a sign), a width and a precision
 * ({@code %-20s}, {@code %5d}, {@code %.2f}, {@code %.3s}). A wrong verb or type prints as Go's does:
 * {@code %!d(string=web)}; a missing argument {@code %!s(MISSING)}.
 */
final class Printf {
    private Printf() {}

    /** One {@code %...} directive: its flags, width and precision (-1: none) and verb. */
    private record Spec(boolean left, boolean zero, boolean plus, int width, int precision, char verb) {}

    static String format(String format, List<Json> args) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i++);
            if (c != '%' || i == format.length()) {
                out.append(c);
                continue;
            }
            int[] at = {i};
            Spec spec = spec(format, at);
            i = at[0];
            if (spec.verb() == '%') {
                out.append('%');
            } else if (next >= args.size()) {
                out.append("%!").append(spec.verb()).append("(MISSING)");
            } else {
                out.append(directive(spec, args.get(next++)));
            }
        }
        return out.toString();
    }

    private static Spec spec(String format, int[] at) {
        boolean left = false;
        boolean zero = false;
        boolean plus = false;
        int i = at[0];
        for (; i < format.length() && "-0+ #".indexOf(format.charAt(i)) >= 0; i++) {
            switch (format.charAt(i)) {
                case '-' -> left = true;
                case '0' -> zero = true;
                case '+' -> plus = true;
                default -> { } // ' ' and '#' are taken and do nothing for these verbs
            }
        }
        int width = 0;
        for (; i < format.length() && Character.isDigit(format.charAt(i)); i++) {
            width = Math.min(width * 10 + format.charAt(i) - '0', 1 << 16);
        }
        int precision = -1;
        if (i < format.length() && format.charAt(i) == '.') {
            precision = 0;
            for (i++; i < format.length() && Character.isDigit(format.charAt(i)); i++) {
                precision = Math.min(precision * 10 + format.charAt(i) - '0', 1 << 16);
            }
        }
        char verb = i < format.length() ? format.charAt(i++) : '%';
        at[0] = i;
        return new Spec(left, zero && !left, plus, width, precision, verb);
    }

    private static String directive(Spec spec, Json arg) {
        String body = switch (spec.verb()) {
            case 's', 'v' -> truncated(Values.print(arg), spec.precision());
            case 'q' -> JsonWriter.compact(new Json.Str(truncated(Values.print(arg), spec.precision())));
            case 'd' -> arg instanceof Json.Num n && integer(n) != null ? signed(integer(n).toPlainString(), spec) : null;
            // the binary value, as Go rounds it: 2.675 is 2.67499... and prints 2.67 at %.2f
            case 'f' -> arg instanceof Json.Num n ? signed(new BigDecimal(Double.parseDouble(n.text()))
                    .setScale(spec.precision() < 0 ? 6 : spec.precision(), java.math.RoundingMode.HALF_EVEN).toPlainString(), spec) : null;
            case 'x' -> arg instanceof Json.Num n && integer(n) != null ? integer(n).toBigInteger().toString(16)
                    : arg instanceof Json.Str s ? hex(s.value()) : null;
            case 't' -> arg instanceof Json.Bool b ? Boolean.toString(b.value()) : null;
            default -> null;
        };
        if (body == null) {
            return "%!" + spec.verb() + "(" + goType(arg) + "=" + Values.print(arg) + ")";
        }
        return pad(body, spec);
    }

    private static BigDecimal integer(Json.Num n) {
        try {
            BigDecimal value = new BigDecimal(n.text());
            return value.stripTrailingZeros().scale() <= 0 ? value.setScale(0) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String signed(String digits, Spec spec) {
        return spec.plus() && !digits.startsWith("-") ? "+" + digits : digits;
    }

    private static String truncated(String text, int precision) {
        return precision >= 0 && text.codePointCount(0, text.length()) > precision
                ? text.substring(0, text.offsetByCodePoints(0, precision)) : text;
    }

    private static String hex(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }

    /** Spaces (or zeros after the sign, for numbers with the 0 flag) up to the width, counted in characters. */
    private static String pad(String body, Spec spec) {
        int missing = spec.width() - body.codePointCount(0, body.length());
        if (missing <= 0) {
            return body;
        }
        if (spec.left()) {
            return body + " ".repeat(missing);
        }
        boolean numeric = "dfx".indexOf(spec.verb()) >= 0;
        if (spec.zero() && numeric) {
            int sign = body.startsWith("-") || body.startsWith("+") ? 1 : 0;
            return body.substring(0, sign) + "0".repeat(missing) + body.substring(sign);
        }
        return " ".repeat(missing) + body;
    }

    private static String goType(Json value) {
        return switch (value) {
            case Json.Str s -> "string";
            case Json.Num n -> "float64";
            case Json.Bool b -> "bool";
            case Json.Arr a -> "[]interface {}";
            case Json.Obj o -> "map[string]interface {}";
            default -> "<nil>";
        };
    }
}
