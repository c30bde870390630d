package dev.jnet.daemon.api.docker;

import dev.jnet.daemon.http.Frame;
import dev.jnet.daemon.http.Reply;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Docker's framing of requests: an optional {@code /vX.Y} prefix (none means the current version),
 * checked against the range jnet serves; {@code Api-Version}, {@code Ostype} and {@code Server} on every
 * answer; and 501 for the parts of the Docker API jnet does not implement.
 */
final class DockerFrame implements Frame {
    private static final Pattern PREFIX = Pattern.compile("/v([0-9.]+)(/.*)?");

    private final Map<String, String> headers;

    DockerFrame(String jnetVersion) {
        this.headers = Map.of("Api-Version", ApiVersion.CURRENT.text(), "Ostype", "linux",
                "Server", "jnet/" + jnetVersion.replace(' ', '-') + " (linux)");
    }

    @Override
    public Framed frame(String path) {
        Matcher m = PREFIX.matcher(path);
        if (!m.matches()) {
            return new Framed(path, Optional.empty());
        }
        ApiVersion version = ApiVersion.requested(m.group(1));
        return new Framed(m.group(2) == null ? "/" : m.group(2), Optional.of(version.text()));
    }

    @Override
    public Reply unknownPath(String method, String path) {
        // "not supported" lets the docker CLI go on to the next kind of object (docker inspect NAME tries
        // containers and images before networks, and skips an error that says so).
        return Reply.notImplemented(method + " " + path + " is not supported by jnet: jnetd serves only the network "
                + "part of the Docker Engine API (/_ping, /version, /info and /networks); see docs/docker-api.md");
    }

    @Override
    public Map<String, String> headers() {
        return headers;
    }
}
