package dev.jnet.daemon.api;

import java.util.Map;

/**
 * The optional body of {@code POST /v1/networks/prune}: only networks with all these labels go
 * ({@code ""} as a value matches any value of that label).
 */
record Prune(Map<String, String> labels) {
    static final Prune ALL = new Prune(Map.of());

    Prune {
        labels = Fields.orEmpty(labels);
    }
}
