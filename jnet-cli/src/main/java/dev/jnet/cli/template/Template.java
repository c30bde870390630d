package dev.jnet.cli.template;

import dev.jnet.cli.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * A Go {@code text/template} as docker's {@code --format} takes it, over {@link Json} values: text and
 * actions in double braces, {@code {{- ... -}}} trimming the white space beside them; fields ({@code .},
 * {@code .A.B}, {@code $}), string, number and boolean literals, parenthesised pipelines, {@code |};
 * {@code {{range PIPELINE}} ... [{{else}} ...] {{end}}}, {@code {{if ...}}} (and {@code {{else if ...}}}),
 * {@code {{with ...}}}; the functions of {@link Functions}. A field that is not there prints
 * nothing, as an absent field of docker's typed objects does. Variables ({@code $x :=}), {@code define} and {@code template} are
 * not supported: they are a parse error that says so.
 */
public final class Template {
    private final List<Node> nodes;

    private Template(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** Parses {@code text}; {@link TemplateException} (a parse error) says what and where. */
    public static Template parse(String text) {
        return new Template(new Parser(Lexer.split(text)).parseAll());
    }

    /** The template's output for {@code dot}; {@link TemplateException} when an action cannot run. */
    public String execute(Json dot) {
        StringBuilder out = new StringBuilder();
        Node.run(nodes, new Node.Scope(dot, dot), out);
        return out.toString();
    }

    /** Turns the lexer's pieces into nodes, nesting range/if/with up to their {@code end}. */
    private static final class Parser {
        private final List<Lexer.Piece> pieces;
        private int next;

        Parser(List<Lexer.Piece> pieces) {
            this.pieces = pieces;
        }

        List<Node> parseAll() {
            Block block = parseUntilKeyword();
            if (block.keyword() != null) {
                throw TemplateException.parse("unexpected {{" + block.keyword() + "}}");
            }
            return block.nodes();
        }

        /** Nodes up to {@code {{end}}} or {@code {{else ...}}} (named in the result), or the end of the text. */
        private Block parseUntilKeyword() {
            List<Node> nodes = new ArrayList<>();
            while (next < pieces.size()) {
                Lexer.Piece piece = pieces.get(next++);
                if (piece.text() != null) {
                    nodes.add(new Node.Text(piece.text()));
                    continue;
                }
                String action = piece.action();
                String word = firstWord(action);
                switch (word) {
                    case "end" -> {
                        return new Block(nodes, "end", "");
                    }
                    case "else" -> {
                        return new Block(nodes, "else", action.substring(4).strip());
                    }
                    case "range", "if", "with" -> nodes.add(control(word, action.substring(word.length()).strip()));
                    case "define", "template", "block", "break", "continue" ->
                            throw TemplateException.parse("{{" + word + "}} is not supported");
                    default -> {
                        if (action.startsWith("/*")) {
                            continue; // a comment
                        }
                        nodes.add(new Node.Action(Pipeline.parse(action)));
                    }
                }
            }
            return new Block(nodes, null, "");
        }

        private Node control(String word, String pipeline) {
            if (pipeline.isEmpty()) {
                throw TemplateException.parse("missing value for " + word);
            }
            Pipeline condition = Pipeline.parse(pipeline);
            Block body = parseUntilKeyword();
            List<Node> otherwise = List.of();
            if ("else".equals(body.keyword())) {
                if (body.rest().startsWith("if ") && word.equals("if")) {
                    // {{else if X}} is {{else}}{{if X}} ... sharing the one {{end}}
                    Node nested = elseIf(body.rest().substring(3).strip());
                    otherwise = List.of(nested);
                } else {
                    if (!body.rest().isEmpty()) {
                        throw TemplateException.parse("unexpected \"" + body.rest() + "\" after else");
                    }
                    Block tail = parseUntilKeyword();
                    if (!"end".equals(tail.keyword())) {
                        throw TemplateException.parse("unexpected EOF: {{" + word + "}} has no {{end}}");
                    }
                    otherwise = tail.nodes();
                }
            } else if (!"end".equals(body.keyword())) {
                throw TemplateException.parse("unexpected EOF: {{" + word + "}} has no {{end}}");
            }
            return switch (word) {
                case "range" -> new Node.Range(condition, body.nodes(), otherwise);
                case "if" -> new Node.If(condition, body.nodes(), otherwise);
                default -> new Node.With(condition, body.nodes(), otherwise);
            };
        }

        /** The {@code if} of an {@code else if}: its body runs to the shared {@code end}. */
        private Node elseIf(String pipeline) {
            return control("if", pipeline);
        }

        private static String firstWord(String action) {
            int end = 0;
            while (end < action.length() && Character.isLetter(action.charAt(end))) {
                end++;
            }
            String word = action.substring(0, end);
            return end == action.length() || !Character.isLetterOrDigit(action.charAt(end)) ? word : "";
        }

        private record Block(List<Node> nodes, String keyword, String rest) {}
    }
}
