package dev.jnet.daemon.api;

import java.util.List;

/** The answer of {@code GET /v1/info}: this jnetd's version, directories, counts and drivers. */
record InfoJson(String version, String stateDirectory, String runDirectory, int networks, int sandboxes,
                int endpoints, List<String> drivers) {}
