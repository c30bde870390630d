package dev.jnet.cli.template;

import dev.jnet.cli.json.Json;
import dev.jnet.cli.json.JsonWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The functions a template may call: Go's {@code index}, {@code len}, {@code print}, {@code printf}
 * ({@code %s %v %d %q %%}), {@code println}, {@code and}, {@code or}, {@code not}, {@code eq}, {@code ne},
 * and docker's {@code json}, {@code join}, {@code split}, {@code lower}, {@code upper}, {@code title},
 * {@code truncate}, {@code pad}.
 */
final class Functions {
    private static final Set<String> NAMES = Set.of("index", "len", "print", "printf", "println", "and", "or", "not",
            "eq", "ne", "json", "join", "split", "lower", "upper", "title", "truncate", "pad");

    private Functions() {}

    static boolean exists(String name) {
        return NAMES.contains(name);
    }

    /** Calls a function on evaluated arguments; {@code and} and {@code or} evaluate lazily, in {@link Pipeline}. */
    static Json call(String name, List<Json> args) {
        return switch (name) {
            case "json" -> str(JsonWriter.compact(one(name, args).isMissing() ? Json.NULL : one(name, args)));
            case "index" -> index(args);
            case "len" -> len(one(name, args));
            case "print" -> str(sprint(args));
            case "println" -> str(String.join(" ", args.stream().map(Values::print).toList()) + "\n");
            case "printf" -> str(printf(args));
            case "not" -> new Json.Bool(!Values.isTrue(one(name, args)));
            case "eq" -> new Json.Bool(eq(name, args));
            case "ne" -> new Json.Bool(!Values.print(arg(name, args, 0, 2)).equals(Values.print(arg(name, args, 1, 2))));
            case "join" -> str(String.join(text(arg(name, args, 1, 2)), elements(arg(name, args, 0, 2))));
            case "split" -> split(text(arg(name, args, 0, 2)), text(arg(name, args, 1, 2)));
            case "lower" -> str(text(one(name, args)).toLowerCase(Locale.ROOT));
            case "upper" -> str(text(one(name, args)).toUpperCase(Locale.ROOT));
            case "title" -> str(title(text(one(name, args))));
            case "truncate" -> truncate(text(arg(name, args, 0, 2)), (int) arg(name, args, 1, 2).asLong());
            case "pad" -> str(" ".repeat((int) arg(name, args, 1, 3).asLong()) + text(arg(name, args, 0, 3))
                    + " ".repeat((int) arg(name, args, 2, 3).asLong()));
            default -> throw TemplateException.parse("function \"" + name + "\" not defined");
        };
    }

    private static Json index(List<Json> args) {
        if (args.isEmpty()) {
            throw TemplateException.execution("index of nothing");
        }
        Json value = args.getFirst();
        for (Json key : args.subList(1, args.size())) {
            if (value.isObject()) {
                value = value.path(key.asString());
            } else if (value.isArray()) {
                long i = key.asLong();
                if (i < 0 || i >= value.size() || !(key instanceof Json.Num)) {
                    throw TemplateException.execution("error calling index: index out of range: " + Values.print(key));
                }
                value = value.path((int) i);
            } else if (value.isMissing() || value instanceof Json.Null) {
                throw TemplateException.execution("error calling index: index of untyped nil");
            } else {
                throw TemplateException.execution("error calling index: can't index item of type " + value.type());
            }
        }
        return value;
    }

    private static Json len(Json value) {
        if (value instanceof Json.Str s) {
            return new Json.Num(Integer.toString(s.value().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        }
        if (!value.isArray() && !value.isObject()) {
            throw TemplateException.execution("error calling len: len of type " + value.type());
        }
        return new Json.Num(Integer.toString(value.size()));
    }

    /** Go's Sprint: operands side by side, a space between two that are not strings. */
    private static String sprint(List<Json> args) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0 && !args.get(i).isString() && !args.get(i - 1).isString()) {
                out.append(' ');
            }
            out.append(Values.print(args.get(i)));
        }
        return out.toString();
    }

    private static String printf(List<Json> args) {
        if (args.isEmpty()) {
            throw TemplateException.execution("printf needs a format");
        }
        return Printf.format(text(args.getFirst()), args.subList(1, args.size()));
    }

    private static boolean eq(String name, List<Json> args) {
        if (args.size() < 2) {
            throw TemplateException.execution(name + " needs two arguments");
        }
        String first = Values.print(args.getFirst());
        return args.subList(1, args.size()).stream().anyMatch(a -> Values.print(a).equals(first));
    }

    private static Json split(String text, String separator) {
        List<Json> parts = new ArrayList<>();
        for (String part : separator.isEmpty() ? text.split("") : text.split(java.util.regex.Pattern.quote(separator), -1)) {
            parts.add(new Json.Str(part));
        }
        return new Json.Arr(parts);
    }

    private static Json truncate(String text, int length) {
        return str(text.length() <= length ? text : text.substring(0, Math.max(0, length)));
    }

    private static String title(String text) {
        StringBuilder out = new StringBuilder();
        boolean start = true;
        for (char c : text.toCharArray()) {
            out.append(start ? Character.toTitleCase(c) : c);
            start = !Character.isLetterOrDigit(c);
        }
        return out.toString();
    }

    private static List<String> elements(Json list) {
        if (!list.isArray()) {
            throw TemplateException.execution("error calling join: join takes a list, not " + list.type());
        }
        List<String> out = new ArrayList<>();
        list.forEach(e -> out.add(Values.print(e)));
        return out;
    }

    private static String text(Json value) {
        return Values.print(value);
    }

    private static Json one(String name, List<Json> args) {
        return arg(name, args, 0, 1);
    }

    private static Json arg(String name, List<Json> args, int index, int count) {
        if (args.size() != count) {
            throw TemplateException.execution("wrong number of args for " + name + ": want " + count + " got " + args.size());
        }
        return args.get(index);
    }

    private static Json str(String value) {
        return new Json.Str(value);
    }
}
