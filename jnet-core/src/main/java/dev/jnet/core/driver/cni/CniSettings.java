package dev.jnet.core.driver.cni;

import dev.jnet.error.JnetException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where the {@code cni} driver finds CNI plugin executables ({@code path}, also handed to the plugins as
 * {@code CNI_PATH}) and configuration lists named by name ({@code confDirs}), and how long one plugin may
 * run before it is killed ({@code timeout}).
 */
public record CniSettings(List<Path> path, List<Path> confDirs, Duration timeout) {
    /** Where the CNI project's packages and Debian's containernetworking-plugins put plugins. */
    public static final List<Path> DEFAULT_PATH = List.of(Path.of("/opt/cni/bin"), Path.of("/usr/lib/cni"));
    public static final List<Path> DEFAULT_CONF_DIRS = List.of(Path.of("/etc/cni/net.d"));

    public CniSettings {
        path = path.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        confDirs = confDirs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        if (path.isEmpty()) {
            throw JnetException.invalid("the CNI plugin path must name at least one directory");
        }
    }

    /** The path as {@code CNI_PATH} gives it. */
    String searchPath() {
        return String.join(":", path.stream().map(Path::toString).toList());
    }
}
