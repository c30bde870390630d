package dev.jnet.daemon.api;

import java.nio.file.Path;
import java.util.List;

/**
 * Facts about the running daemon that {@code GET /v1/info} reports.
 *
 * @param version jnet's version (the jar's), or a word saying it is a development build
 * @param drivers the names of the network drivers this daemon has
 */
public record About(String version, Path stateDirectory, Path runDirectory, List<String> drivers) {
    public About {
        drivers = List.copyOf(drivers);
    }
}
