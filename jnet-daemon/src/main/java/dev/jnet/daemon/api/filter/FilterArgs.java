package dev.jnet.daemon.api.filter;

import dev.jnet.error.JnetException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Docker's {@code filters} query parameter, read: JSON {@code {"key": {"value": true}}} or the older
 * {@code {"key": ["value"]}}, as a map from each key to its values (alternatives of one another).
 */
public final class FilterArgs {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FilterArgs() {}

    /** The keys and their values; INVALID with dockerd's words if the JSON is not of that shape. */
    public static Map<String, Set<String>> read(String json) {
        Map<String, Set<String>> args = new HashMap<>();
        if (json.isEmpty()) {
            return args;
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw invalidFilter(json);
        }
        if (root == null || !root.isObject()) {
            throw invalidFilter(json);
        }
        for (Map.Entry<String, JsonNode> key : root.properties()) {
            Set<String> values = new HashSet<>();
            JsonNode node = key.getValue();
            if (node.isObject()) {
                node.properties().forEach(v -> {
                    if (!v.getValue().isBoolean()) {
                        throw invalidFilter(json);
                    }
                    values.add(v.getKey());
                });
            } else if (node.isArray()) {
                node.forEach(v -> {
                    if (!v.isString()) {
                        throw invalidFilter(json);
                    }
                    values.add(v.asString());
                });
            } else {
                throw invalidFilter(json);
            }
            args.put(key.getKey(), values);
        }
        return args;
    }

    static JnetException invalidFilter(String json) {
        return JnetException.invalid("invalid filter: the filters parameter must be JSON such as "
                + "{\"name\":{\"web\":true}}, got " + json);
    }

}
