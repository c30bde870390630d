package dev.jnet.daemon.testing;

import dev.jnet.kernel.testing.Eventually;
import dev.jnet.kernel.testing.ThrowawayNs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Docker plugin written for the tests (a Python script in {@code src/test/resources/plugins}) serving
 * {@code NAME.sock} in a directory, inside a fake host's namespace, and its log of calls: one JSON line
 * ({@code {"call": ..., "body": ...}}) per call. Closing kills it.
 */
public record TestPlugin(Process process, Path log) implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Starts {@code script} as plugin {@code name}: {@code script SOCKET LOG ARGS...}, with an empty log. */
    public static TestPlugin start(ThrowawayNs ns, Path directory, String name, String script, String... args) throws Exception {
        Path socket = directory.resolve(name + ".sock");
        return start(ns, directory, name, script, socket.toString(), socket, Map.of(), args);
    }

    /**
     * Starts {@code script} as plugin {@code name} listening on {@code tcp://ADDRESS}, with {@code environment}
     * (PLUGIN_TLS_CERT, PLUGIN_TLS_KEY, PLUGIN_TLS_CA for TLS: see plugin_server.py).
     */
    public static TestPlugin startTcp(ThrowawayNs ns, Path directory, String name, String script, String address,
                                      Map<String, String> environment, String... args) throws Exception {
        return start(ns, directory, name, script, "tcp://" + address, directory.resolve(name + ".log.ready"), environment, args);
    }

    private static TestPlugin start(ThrowawayNs ns, Path directory, String name, String script, String listen, Path ready,
                                    Map<String, String> environment, String... args) throws Exception {
        Files.createDirectories(directory);
        Path file = Path.of(TestPlugin.class.getResource("/plugins/" + script).toURI());
        Path log = directory.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=" + ns.ns().path(), "python3", file.toString(),
                listen, log.toString()));
        command.addAll(List.of(args));
        Files.deleteIfExists(ready);
        Files.deleteIfExists(log);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve(name + ".out").toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        Eventually.await(() -> Files.exists(ready) || !process.isAlive(), "the plugin listening");
        if (!process.isAlive()) {
            throw new IllegalStateException("plugin " + name + " ended: " + Files.readString(directory.resolve(name + ".out")));
        }
        return new TestPlugin(process, log);
    }

    public List<JsonNode> calls() throws Exception {
        List<JsonNode> calls = new ArrayList<>();
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                calls.add(JSON.readTree(line));
            }
        }
        return calls;
    }

    public List<String> callNames() throws Exception {
        return calls().stream().map(c -> c.path("call").asString()).toList();
    }

    /** The bodies of the calls named {@code call}, oldest first. */
    public List<JsonNode> bodies(String call) throws Exception {
        return calls().stream().filter(c -> c.path("call").asString().equals(call)).map(c -> c.path("body")).toList();
    }

    /** Forgets the calls so far. */
    public void clearLog() throws Exception {
        Files.deleteIfExists(log);
    }

    @Override
    public void close() throws Exception {
        process.destroyForcibly().waitFor();
    }
}
