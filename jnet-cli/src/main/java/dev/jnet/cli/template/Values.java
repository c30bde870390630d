package dev.jnet.cli.template;

import dev.jnet.cli.json.Json;

import java.util.Map;
import java.util.TreeMap;

/** How Go's templates see JSON values: what prints, and what is true. */
final class Values {
    private Values() {}

    /**
     * A value as Go prints it: strings and numbers as they are, {@code [a b]} for arrays, {@code map[k:v]}
     * (keys sorted) for objects, {@code <nil>} for null, and nothing for a field that is not there: docker
     * decodes into typed structs, whose absent fields print as empty (as jnetd leaves out an empty
     * {@code Gateway}, say), and {@code index} of a missing map key gives "" too.
     */
    static String print(Json value) {
        return switch (value) {
            case Json.Missing m -> "";
            case Json.Null n -> "<nil>";
            case Json.Arr a -> {
                StringBuilder out = new StringBuilder("[");
                a.elements().forEach(e -> out.append(out.length() > 1 ? " " : "").append(print(e)));
                yield out.append(']').toString();
            }
            case Json.Obj o -> {
                StringBuilder out = new StringBuilder("map[");
                Map<String, Json> sorted = new TreeMap<>(o.members());
                sorted.forEach((k, v) -> out.append(out.length() > 4 ? " " : "").append(k).append(':').append(print(v)));
                yield out.append(']').toString();
            }
            default -> value.asString();
        };
    }

    /** Go's truth: false, 0, "", an empty array or object, null and a missing field are false. */
    static boolean isTrue(Json value) {
        return switch (value) {
            case Json.Bool b -> b.value();
            case Json.Num n -> !n.text().matches("-?0+(\\.0*)?([eE].*)?");
            case Json.Str s -> !s.value().isEmpty();
            case Json.Obj o -> !o.members().isEmpty();
            case Json.Arr a -> !a.elements().isEmpty();
            default -> false;
        };
    }
}
