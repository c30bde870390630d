package dev.jnet.cli.template;

import dev.jnet.cli.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline, {@code COMMAND | COMMAND ...}: each command's value is the last argument of the next. A
 * command is one operand, or a function and its arguments.
 */
record Pipeline(List<Command> commands) {
    /** A field ({@code .}, {@code .A.B}, {@code $}, {@code $.A}), a literal, or a parenthesised pipeline. */
    sealed interface Operand {
        Json value(Node.Scope scope);
    }

    record Field(boolean fromRoot, List<String> names) implements Operand {
        @Override
        public Json value(Node.Scope scope) {
            Json value = fromRoot ? scope.root() : scope.dot();
            for (String name : names) {
                if (!value.isObject() && !value.isMissing()) {
                    throw TemplateException.execution("can't evaluate field " + name + " in type " + value.type());
                }
                value = value.path(name);
            }
            return value;
        }
    }

    record Literal(Json value) implements Operand {
        @Override
        public Json value(Node.Scope scope) {
            return value;
        }
    }

    /** A parenthesised pipeline, and the fields written right after it: {@code (index .IPAM.Config 0).Subnet}. */
    record Sub(Pipeline pipeline, List<String> fields) implements Operand {
        @Override
        public Json value(Node.Scope scope) {
            Json value = pipeline.evaluate(scope);
            for (String name : fields) {
                if (!value.isObject() && !value.isMissing()) {
                    throw TemplateException.execution("can't evaluate field " + name + " in type " + value.type());
                }
                value = value.path(name);
            }
            return value;
        }
    }

    /** A function call (name not null) or a single operand. */
    record Command(String function, List<Operand> arguments) {
        Json evaluate(Node.Scope scope, Json piped) {
            if ("and".equals(function) || "or".equals(function)) {
                return shortCircuit(scope, piped);
            }
            List<Json> values = new ArrayList<>();
            arguments.forEach(a -> values.add(a.value(scope)));
            if (function == null) {
                if (piped != null) {
                    throw TemplateException.execution("can't give argument to non-function " + describe());
                }
                return values.getFirst();
            }
            if (piped != null) {
                values.add(piped);
            }
            return Functions.call(function, values);
        }

        /**
         * {@code and} and {@code or} as Go's (since 1.18): arguments evaluated left to right only until the
         * answer is known, so that {@code {{and .Items (index .Items 0)}}} does not fail on an empty list.
         */
        private Json shortCircuit(Node.Scope scope, Json piped) {
            if (arguments.isEmpty() && piped == null) {
                throw TemplateException.execution("wrong number of args for " + function + ": want at least 1 got 0");
            }
            boolean and = function.equals("and");
            Json last = null;
            for (Operand argument : arguments) {
                last = argument.value(scope);
                if (Values.isTrue(last) != and) {
                    return last;
                }
            }
            return piped != null ? piped : last;
        }

        private String describe() {
            return arguments.getFirst() instanceof Field f ? (f.fromRoot() ? "$" : "") + "." + String.join(".", f.names())
                    : "value";
        }
    }

    static Pipeline parse(String text) {
        List<Token> tokens = Token.split(text);
        int[] at = {0};
        Pipeline pipeline = parse(tokens, at);
        if (at[0] < tokens.size()) {
            throw TemplateException.parse("unexpected \"" + tokens.get(at[0]).text() + "\" in operand");
        }
        return pipeline;
    }

    private static Pipeline parse(List<Token> tokens, int[] at) {
        List<Command> commands = new ArrayList<>();
        while (true) {
            commands.add(command(tokens, at));
            if (at[0] < tokens.size() && tokens.get(at[0]).kind() == Token.Kind.PIPE) {
                at[0]++;
            } else {
                return new Pipeline(commands);
            }
        }
    }

    private static Command command(List<Token> tokens, int[] at) {
        String function = null;
        if (at[0] < tokens.size() && tokens.get(at[0]).kind() == Token.Kind.IDENTIFIER
                && !List.of("true", "false", "nil").contains(tokens.get(at[0]).text())) {
            function = tokens.get(at[0]++).text();
            if (!Functions.exists(function)) {
                throw TemplateException.parse("function \"" + function + "\" not defined");
            }
        }
        List<Operand> operands = new ArrayList<>();
        while (at[0] < tokens.size() && tokens.get(at[0]).kind() != Token.Kind.PIPE
                && tokens.get(at[0]).kind() != Token.Kind.CLOSE) {
            operands.add(operand(tokens, at));
        }
        if (function == null && operands.size() != 1) {
            throw TemplateException.parse(operands.isEmpty() ? "missing value for command"
                    : "unexpected operand after the first; only functions take arguments");
        }
        return new Command(function, operands);
    }

    private static Operand operand(List<Token> tokens, int[] at) {
        Token token = tokens.get(at[0]++);
        return switch (token.kind()) {
            case FIELD -> field(token.text());
            case STRING -> new Literal(new Json.Str(token.text()));
            case NUMBER -> new Literal(new Json.Num(token.text()));
            case IDENTIFIER -> switch (token.text()) {
                case "true" -> new Literal(new Json.Bool(true));
                case "false" -> new Literal(new Json.Bool(false));
                case "nil" -> new Literal(Json.NULL);
                default -> throw TemplateException.parse("function \"" + token.text() + "\" must come first in a command"
                        + " (use parentheses: (" + token.text() + " ...))");
            };
            case OPEN -> {
                Pipeline inner = parse(tokens, at);
                if (at[0] >= tokens.size() || tokens.get(at[0]).kind() != Token.Kind.CLOSE) {
                    throw TemplateException.parse("unclosed left paren");
                }
                at[0]++;
                List<String> fields = List.of();
                if (at[0] < tokens.size() && tokens.get(at[0]).attached() && tokens.get(at[0]).kind() == Token.Kind.FIELD
                        && tokens.get(at[0]).text().startsWith(".")) {
                    fields = field(tokens.get(at[0]++).text()).names();
                }
                yield new Sub(inner, fields);
            }
            case CLOSE, PIPE -> throw TemplateException.parse("unexpected \"" + token.text() + "\" in operand");
        };
    }

    private static Field field(String text) {
        boolean fromRoot = text.startsWith("$");
        String path = fromRoot ? text.substring(1) : text;
        if (path.equals(".") || path.isEmpty()) {
            return new Field(fromRoot, List.of());
        }
        List<String> names = List.of(path.substring(1).split("\\.", -1));
        if (names.stream().anyMatch(String::isEmpty)) {
            throw TemplateException.parse("bad field " + text);
        }
        return new Field(fromRoot, names);
    }

    Json evaluate(Node.Scope scope) {
        Json value = null;
        for (Command command : commands) {
            value = command.evaluate(scope, value);
        }
        return value;
    }
}
