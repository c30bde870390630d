package dev.jnet.cli.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copies of request maps that keep the order the user gave (a {@code Map.copyOf} would not). */
final class Maps {
    private Maps() {}

    static Map<String, String> copy(Map<String, String> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
