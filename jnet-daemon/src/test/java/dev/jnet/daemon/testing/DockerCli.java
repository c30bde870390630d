package dev.jnet.daemon.testing;

import dev.jnet.kernel.testing.Command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The stock {@code docker} client pointed at a jnetd's Docker socket ({@code docker -H unix://SOCKET ...}),
 * with a configuration directory of its own and no {@code DOCKER_*} variables from the environment but
 * those a test sets. It only talks over the Unix socket: no traffic, nothing in any namespace.
 */
public record DockerCli(Path binary, Path socket, Path configDirectory) {
    /** The docker client on {@code PATH} (or /usr/local/bin/docker), if this machine has one. */
    public static Optional<Path> find() {
        Stream<Path> candidates = Stream.concat(
                Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).filter(d -> !d.isEmpty())
                        .map(d -> Path.of(d, "docker")),
                Stream.of(Path.of("/usr/local/bin/docker"), Path.of("/usr/bin/docker")));
        return candidates.filter(Files::isExecutable).findFirst();
    }

    /** A client of {@code host}'s Docker socket; its configuration lives in the host's directory. */
    public static DockerCli of(Path binary, FakeHost host) {
        Path config = host.directory().resolve("docker-config");
        try {
            Files.createDirectories(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DockerCli(binary, host.dockerSocket(), config);
    }

    /** Runs {@code docker -H unix://SOCKET args...}. */
    public Command.Result run(String... args) {
        return run(Map.of(), args);
    }

    /** Runs it with extra environment variables ({@code DOCKER_API_VERSION}, say). */
    public Command.Result run(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-H", "unix://" + socket));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("DOCKER_"));
        builder.environment().put("DOCKER_CONFIG", configDirectory.toString());
        builder.environment().putAll(env);
        return Command.run(builder);
    }

    /** Runs and fails the test unless docker exits 0; what it printed on stdout. */
    public String check(String... args) {
        return run(args).orFail(List.of(args)).stdout();
    }
}
