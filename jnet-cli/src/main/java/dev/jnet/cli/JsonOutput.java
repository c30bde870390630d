package dev.jnet.cli;

import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/** The API's JSON as jnet prints it: pretty for people (as {@code docker inspect}), one line per object for scripts. */
final class JsonOutput {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ObjectWriter PRETTY = JSON.writer().with(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("    ", "\n"))
            .withArrayIndenter(new DefaultIndenter("    ", "\n")));

    private JsonOutput() {}

    /** A JSON array of the objects, indented by four spaces as docker's inspect output is. */
    static String prettyArray(List<JsonNode> objects) {
        return PRETTY.writeValueAsString(JSON.createArrayNode().addAll(objects)) + "\n";
    }

    /** Any JSON value, indented. */
    static String pretty(JsonNode value) {
        return PRETTY.writeValueAsString(value) + "\n";
    }

    /** One compact JSON object per line (what docker's {@code --format json} prints). */
    static String lines(List<JsonNode> objects) {
        StringBuilder out = new StringBuilder();
        objects.forEach(o -> out.append(JSON.writeValueAsString(o)).append('\n'));
        return out.toString();
    }
}
