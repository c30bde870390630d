package dev.jnet.cluster.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real etcd (Debian's etcd-server 3.4) for one test: started on a temporary data directory (on tmpfs
 * where there is one: its write-ahead log preallocates 64 MB) with every port given and compaction on,
 * in the network namespace the caller names (a command prefix such as {@code nsenter --net=PATH}, or none
 * when the test JVM already runs in a namespace of its own), and stopped by its own pid.
 */
public final class EtcdServer implements AutoCloseable {
    public static final Path ETCD = Path.of("/usr/bin/etcd");
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final String READY = "ready to serve client requests";

    private final List<String> prefix;
    private final String address;
    private final int clientPort;
    private final List<String> extra;
    private final String scheme;
    private final Path dataDir;
    private final Path log;
    /** This member's name and the {@code --initial-cluster} value (itself alone unless one of several). */
    private final String name;
    private final String initialCluster;
    private Process process;

    private EtcdServer(List<String> prefix, String address, int clientPort, Path dataDir, List<String> extra, boolean tls,
                       String name, String initialCluster) {
        this.prefix = List.copyOf(prefix);
        this.address = address;
        this.clientPort = clientPort;
        this.extra = List.copyOf(extra);
        this.scheme = tls ? "https" : "http";
        this.dataDir = dataDir;
        this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        this.name = name;
        this.initialCluster = initialCluster;
    }

    /** Why etcd cannot run here, if it cannot. */
    public static Optional<String> missing() {
        return Files.isExecutable(ETCD) ? Optional.empty()
                : Optional.of(ETCD + " is missing: install Debian's etcd-server (apt-get install etcd-server etcd-client)");
    }

    /** Starts etcd on {@code address}, clients on {@code clientPort} (peers and metrics on the next two ports). */
    public static EtcdServer start(List<String> prefix, String address, int clientPort) {
        return start(prefix, address, clientPort, List.of(), false);
    }

    /**
     * {@link #start(List, String, int)} with {@code extra} flags (TLS files, say); with {@code tls} clients use
     * {@code https} (the flags must give etcd its certificate).
     */
    public static EtcdServer start(List<String> prefix, String address, int clientPort, List<String> extra, boolean tls) {
        EtcdServer server = new EtcdServer(prefix, address, clientPort, freshDataDir(), extra, tls, "t1",
                "t1=" + peerUrl(address, clientPort));
        server.launch();
        return server;
    }

    /**
     * One member of a new cluster of several on {@code address} (one per client port, peers on the next port),
     * named {@code t1}, {@code t2}, ... by its place in {@code clientPorts}; not started ({@link #launchAsync}).
     */
    static EtcdServer member(List<String> prefix, String address, List<Integer> clientPorts, int index) {
        StringBuilder cluster = new StringBuilder();
        for (int i = 0; i < clientPorts.size(); i++) {
            cluster.append(i == 0 ? "" : ",").append("t").append(i + 1).append('=').append(peerUrl(address, clientPorts.get(i)));
        }
        return new EtcdServer(prefix, address, clientPorts.get(index), freshDataDir(), List.of(), false, "t" + (index + 1),
                cluster.toString());
    }

    private static Path freshDataDir() {
        Path base = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        return base.resolve("jnet-test-etcd-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet());
    }

    private static String peerUrl(String address, int clientPort) {
        return "http://" + address + ":" + (clientPort + 1);
    }

    /** The URL clients use. */
    public URI clientUrl() {
        return URI.create(scheme + "://" + address + ":" + clientPort);
    }

    /** The {@code --cluster-store} value for jnetd. */
    public String storeUrl() {
        return "etcd://" + address + ":" + clientPort;
    }

    public long pid() {
        return process.pid();
    }

    /** Stops etcd (SIGTERM, then SIGKILL after 10 s); its data stays for {@link #restart}. */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts etcd again on the same data, after {@link #stop}. */
    public void restart() {
        stop();
        launch();
    }

    /** Kills etcd at once (SIGKILL), as a crash would; its data stays for {@link #restart}. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code host:port} of its clients' URL. */
    String authority() {
        return address + ":" + clientPort;
    }

    List<String> prefix() {
        return prefix;
    }

    private void launch() {
        launchAsync();
        awaitReady(Duration.ofSeconds(30));
    }

    /** Starts the process without waiting: a member of several is ready only once a majority runs. */
    void launchAsync() {
        String peer = peerUrl(address, clientPort);
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(ETCD.toString(), "--name", name, "--data-dir", dataDir.toString(),
                "--listen-client-urls", clientUrl().toString(), "--advertise-client-urls", clientUrl().toString(),
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", initialCluster,
                "--listen-metrics-urls", "http://" + address + ":" + (clientPort + 2),
                "--auto-compaction-mode", "periodic", "--auto-compaction-retention", "1h"));
        command.addAll(extra);
        try {
            Files.createDirectories(dataDir.getParent());
            Files.deleteIfExists(log);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /** Waits until etcd says it serves clients; stops it and fails the test if it does not within {@code limit}. */
    void awaitReady(Duration limit) {
        try {
            awaitReadyOrThrow(limit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReadyOrThrow(Duration limit) throws IOException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(log) && Files.readString(log).contains(READY)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("etcd ended before it was ready: " + Files.readString(log));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        stop();
        throw new AssertionError("etcd not ready within " + limit + ": " + Files.readString(log));
    }

    /** What etcd printed. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.exists(dataDir) ? Files.walk(dataDir) : Stream.empty()) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
