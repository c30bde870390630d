package dev.jnet.daemon.remote;

import dev.jnet.error.JnetException;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a Docker plugin answers, as its socket or spec file says.
 *
 * @param name the plugin's name (its file's name without the extension)
 * @param socket its Unix socket, when it has one
 * @param url its HTTP address otherwise ({@code tcp://} is read as {@code http://})
 * @param tls the TLS files of a {@code .json} spec, for an {@code https} address
 * @param foundAt the file it was found by, for errors
 */
record PluginAddress(String name, Optional<Path> socket, Optional<URI> url, Optional<Tls> tls, Path foundAt) {
    /** A {@code .json} spec's {@code TLSConfig}. */
    record Tls(boolean insecureSkipVerify, Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {}

    static PluginAddress ofSocket(String name, Path socket) {
        return new PluginAddress(name, Optional.of(socket), Optional.empty(), Optional.empty(), socket);
    }

    /** The address a spec gives ({@code unix:///path}, {@code tcp://host:port}, {@code http(s)://...}). */
    static PluginAddress ofUrl(String name, String address, Optional<Tls> tls, Path foundAt) {
        URI uri;
        try {
            uri = new URI(address.strip());
        } catch (java.net.URISyntaxException e) {
            throw invalid(foundAt, "address '" + address.strip() + "' is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        return switch (scheme) {
            case "unix" -> new PluginAddress(name, Optional.of(Path.of(uri.getPath())), Optional.empty(), Optional.empty(), foundAt);
            case "tcp" -> new PluginAddress(name, Optional.empty(), Optional.of(URI.create((tls.isPresent() ? "https://" : "http://")
                    + uri.getAuthority())), tls, foundAt);
            case "http", "https" -> new PluginAddress(name, Optional.empty(), Optional.of(uri), tls, foundAt);
            default -> throw invalid(foundAt, "address '" + address.strip() + "' is neither unix://, tcp://, http:// nor https://");
        };
    }

    private static JnetException invalid(Path file, String what) {
        return JnetException.invalid("plugin spec " + file + ": " + what);
    }

    @Override
    public String toString() {
        return socket.map(Path::toString).orElseGet(() -> url.map(URI::toString).orElse("?"));
    }
}
