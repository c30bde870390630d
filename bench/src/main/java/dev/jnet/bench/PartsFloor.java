package dev.jnet.bench;

import java.io.File;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * The floor under jnetd's idle memory: a program that does only what jnetd's chosen parts need to be up
 * (picocli parses a command line; SQLite opens a database file and reads a table; java.lang.foreign makes
 * a few downcalls, opening and closing a netlink socket; Jetty serves two Unix sockets, answering JSON that
 * Jackson writes from a record), started with the JVM options of {@code bin/jnetd}
 * ({@code bin/lib/jnetd.jvm-options}). The memory part reads its RSS beside idle jnetd's: what jnetd
 * holds above it is jnet's own.
 */
final class PartsFloor {
    private static final String READY = "floor ready";

    /** One row of the JSON the sockets answer. */
    record Row(String name, List<String> subnets, Map<String, String> options) {}

    private PartsFloor() {}

    /** The floor program: {@code PartsFloor DIR}; runs until its standard input closes. */
    public static void main(String[] args) throws Throwable {
        Path dir = Path.of(args[0]);
        parseCommandLine(dir);
        readDatabase(dir.resolve("floor.db"));
        openNetlinkSocket();
        JsonMapper json = JsonMapper.builder().build();
        List<Server> servers = List.of(serve(dir.resolve("a.sock"), json), serve(dir.resolve("b.sock"), json));
        System.out.println(READY);
        System.out.flush();
        while (System.in.read() >= 0) {
            // the benchmark closes our standard input when it is done with us
        }
        for (Server server : servers) {
            server.stop();
        }
    }

    /**
     * Starts the floor program in {@code dir} (with a JDK 25 and bin/jnetd's JVM options), asks each of its
     * sockets once, and returns its settled RSS; stops it before returning.
     */
    static ProcessMemory.Reading measure(Path dir) {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Path home = BenchmarkFrame.jnetHome();
        ProcessBuilder builder = new ProcessBuilder(java.toString(),
                "@" + home.resolve("bin/lib/jnetd.jvm-options"), "--enable-native-access=ALL-UNNAMED",
                "-cp", home.resolve("bench/target/jnet-bench.jar").toString(), PartsFloor.class.getName(), dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("floor.log").toFile());
        builder.environment().put("MALLOC_ARENA_MAX", "2"); // as bin/jnetd
        Process process = Processes.start(builder);
        try {
            awaitReady(process, dir.resolve("floor.log"));
            for (String socket : List.of("a.sock", "b.sock")) {
                try (JnetdClient client = new JnetdClient(dir.resolve(socket))) {
                    if (client.get("/").status() != 200) {
                        throw new BenchmarkException("the parts floor's " + socket + " did not answer 200");
                    }
                }
            }
            return ProcessMemory.settled(process.pid(), "java");
        } finally {
            process.destroy();
            Processes.forget(process);
        }
    }

    private static void awaitReady(Process process, Path log) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (readLog(log).contains(READY)) {
                return;
            }
            if (!process.isAlive()) {
                throw new BenchmarkException("the parts floor exited with " + process.exitValue() + ": " + readLog(log));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchmarkException("interrupted while waiting for the parts floor", e);
            }
        }
        throw new BenchmarkException("the parts floor was not ready within 30 s: " + readLog(log));
    }

    private static String readLog(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new BenchmarkException("read " + log + ": " + e.getMessage(), e);
        }
    }

    private static void parseCommandLine(Path dir) {
        CommandSpec spec = CommandSpec.create();
        spec.addOption(OptionSpec.builder("--state-dir").type(File.class).build());
        new CommandLine(spec).parseArgs("--state-dir", dir.toString());
    }

    private static void readDatabase(Path file) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS rows (key TEXT PRIMARY KEY, value TEXT)");
            try (ResultSet rows = statement.executeQuery("SELECT key, value FROM rows")) {
                while (rows.next()) {
                    rows.getString(1);
                }
            }
        }
    }

    private static void openNetlinkSocket() throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle socket = linker.downcallHandle(linker.defaultLookup().find("socket").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        MethodHandle getsockname = linker.downcallHandle(linker.defaultLookup().find("getsockname").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        MethodHandle close = linker.downcallHandle(linker.defaultLookup().find("close").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        int fd = (int) socket.invokeExact(16, 3, 0); // AF_NETLINK, SOCK_RAW, NETLINK_ROUTE
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = arena.allocate(12);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_INT, 12);
            int ignored = (int) getsockname.invokeExact(fd, address, length);
        } finally {
            int ignored = (int) close.invokeExact(fd);
        }
    }

    private static Server serve(Path socket, JsonMapper json) throws Exception {
        Files.deleteIfExists(socket);
        QueuedThreadPool threads = new QueuedThreadPool(8, 1, 5000);
        threads.setReservedThreads(0);
        Server server = new Server(threads);
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server, 1, 1, new HttpConnectionFactory());
        connector.setUnixDomainPath(socket);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                byte[] body = json.writeValueAsString(new Row("floor", List.of("10.0.0.0/24"), Map.of("a", "b")))
                        .getBytes(StandardCharsets.UTF_8);
                response.getHeaders().put("Content-Type", "application/json");
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        server.start();
        return server;
    }
}
