package dev.jnet.daemon.plugin;

import dev.jnet.daemon.http.Frame;
import dev.jnet.daemon.http.Reply;

import java.util.Map;
import java.util.Optional;

/**
 * The plugin protocol's framing: paths as dockerd sends them, errors as {@code {"Err": "..."}} (what
 * dockerd shows), and 404 for a method jnet does not implement, which dockerd takes as "optional, skipped".
 */
final class PluginFrame implements Frame {
    @Override
    public Framed frame(String path) {
        return new Framed(path, Optional.empty());
    }

    @Override
    public Reply unknownPath(String method, String path) {
        return new Reply.Json(404, errorBody("jnet's Docker plugin does not implement " + path));
    }

    @Override
    public Object errorBody(String message) {
        return Map.of("Err", message);
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Content-Type", "application/vnd.docker.plugins.v1.2+json");
    }
}
