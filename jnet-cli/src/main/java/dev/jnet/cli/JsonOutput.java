package dev.jnet.cli;

import dev.jnet.cli.json.Json;
import dev.jnet.cli.json.JsonWriter;

import java.util.List;

/** The API's JSON as jnet prints it: pretty for people (as {@code docker inspect}), one line per object for scripts. */
final class JsonOutput {
    private JsonOutput() {}

    /** A JSON array of the objects, indented by four spaces as docker's inspect output is. */
    static String prettyArray(List<Json> objects) {
        return JsonWriter.pretty(objects) + "\n";
    }

    /** Any JSON value, indented. */
    static String pretty(Json value) {
        return JsonWriter.pretty(value) + "\n";
    }

    /** One compact JSON object per line (what docker's {@code --format json} prints). */
    static String lines(List<Json> objects) {
        StringBuilder out = new StringBuilder();
        objects.forEach(o -> out.append(JsonWriter.compact(o)).append('\n'));
        return out.toString();
    }
}
