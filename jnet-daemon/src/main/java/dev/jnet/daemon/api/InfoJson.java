package dev.jnet.daemon.api;

import java.util.List;

/**
 * The answer of {@code GET /v1/info}: this jnetd's version, directories, counts and drivers, and how many
 * times it found drift in the kernel (a deleted bridge, a flushed firewall table) and repaired it by itself.
 */
record InfoJson(String version, String stateDirectory, String runDirectory, int networks, int sandboxes,
                int endpoints, List<String> drivers, long driftRepairs) {}
