package dev.jnet.cli.template;

import dev.jnet.cli.json.Json;

import java.util.List;

/** A parsed piece of a template and how it runs. */
sealed interface Node {
    /** Where an action runs: the value {@code .} stands for, and the one {@code $} does (the whole input). */
    record Scope(Json dot, Json root) {
        Scope with(Json value) {
            return new Scope(value, root);
        }
    }

    void run(Scope scope, StringBuilder out);

    static void run(List<Node> nodes, Scope scope, StringBuilder out) {
        for (Node node : nodes) {
            node.run(scope, out);
        }
    }

    /** Text, copied. */
    record Text(String text) implements Node {
        @Override
        public void run(Scope scope, StringBuilder out) {
            out.append(text);
        }
    }

    /** {@code {{PIPELINE}}}: its value, printed as Go prints it. */
    record Action(Pipeline pipeline) implements Node {
        @Override
        public void run(Scope scope, StringBuilder out) {
            out.append(Values.print(pipeline.evaluate(scope)));
        }
    }

    /** {@code {{range}}}: the body once per element (or member value, by key), with {@code .} set to it; else if none. */
    record Range(Pipeline pipeline, List<Node> body, List<Node> otherwise) implements Node {
        @Override
        public void run(Scope scope, StringBuilder out) {
            Json value = pipeline.evaluate(scope);
            if (!value.isArray() && !value.isObject() && !value.isMissing() && !(value instanceof Json.Null)) {
                throw TemplateException.execution("range can't iterate over " + Values.print(value));
            }
            if (value.isEmpty()) {
                Node.run(otherwise, scope, out);
                return;
            }
            // Go ranges over a map in the order of its keys.
            Iterable<Json> elements = value instanceof Json.Obj o ? new java.util.TreeMap<>(o.members()).values() : value;
            for (Json element : elements) {
                Node.run(body, scope.with(element), out);
            }
        }
    }

    /** {@code {{if}}}: the body when the value is true as Go sees it (not empty, zero, false or missing). */
    record If(Pipeline pipeline, List<Node> body, List<Node> otherwise) implements Node {
        @Override
        public void run(Scope scope, StringBuilder out) {
            Node.run(Values.isTrue(pipeline.evaluate(scope)) ? body : otherwise, scope, out);
        }
    }

    /** {@code {{with}}}: like {@code if}, with {@code .} set to the value in the body. */
    record With(Pipeline pipeline, List<Node> body, List<Node> otherwise) implements Node {
        @Override
        public void run(Scope scope, StringBuilder out) {
            Json value = pipeline.evaluate(scope);
            if (Values.isTrue(value)) {
                Node.run(body, scope.with(value), out);
            } else {
                Node.run(otherwise, scope, out);
            }
        }
    }
}
