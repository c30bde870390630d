package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The connect benchmark's scale part: N endpoints on one host through a real jnetd, laid out as the
 * {@link ScaleShape} says and connected one at a time. It prints the median of the first and of the last
 * connects and their ratio (does a connect get slower as the host fills?), jnetd's RSS and descriptors
 * with all of them, checks every endpoint ({@link ScaleCheck}), and times a restart with them in place.
 * Then the same veths and bridge ports without jnetd ({@link KernelFill}) show how much of the growth is
 * the kernel's own.
 */
final class ScalePart {
    static final double RATIO_TARGET = 1.2;
    static final double RSS_TARGET_MIB = 256;
    static final double READY_TARGET_SECONDS = 3;

    private ScalePart() {}

    /** Runs the part and prints its lines; returns its targets. */
    static List<Target> run(BenchmarkFrame frame, JnetdOptions jnetdOptions, ScaleShape shape, int clients) {
        long limit = openFilesLimit();
        System.out.println();
        System.out.println("scale: " + shape.describe(limit));
        shape.requireDescriptors(limit);
        JnetdUnderTest jnetd = frame.startJnetd(frame.namespaces().create("scale-jnetd-host"), jnetdOptions);
        List<Target> targets;
        try {
            targets = measure(frame, jnetd, shape, clients);
        } finally {
            frame.stopJnetd(jnetd);
        }
        System.out.printf("scale: the kernel alone, for comparison: the same %,d veths (peer into its sandbox's "
                + "namespace) and bridge ports, in the same order, made with jnet's kernel layer without a daemon "
                + "(minutes)%n", shape.endpoints());
        KernelFill.Result kernel = KernelFill.run(frame, shape);
        System.out.printf("scale: kernel alone: %,d in %.1f s; median of the first %,d %.2f ms, of the last %,d "
                + "%.2f ms: ratio %.2f%n", shape.endpoints(), kernel.seconds(), shape.window(), kernel.firstMs(),
                shape.window(), kernel.lastMs(), kernel.ratio());
        System.out.println("    kernel alone by step, first -> last medians, ms: " + kernel.bySteps());
        return targets;
    }

    private static List<Target> measure(BenchmarkFrame frame, JnetdUnderTest jnetd, ScaleShape shape, int clients) {
        long start = System.nanoTime();
        try (JnetdClient client = new JnetdClient(jnetd.socket())) {
            for (int n = 0; n < shape.networks(); n++) {
                client.postOk("/v1/networks", """
                        {"name": "%s", "driver": "bridge", "ipv4": [{"subnet": "10.%d.0.0/16"}],
                         "options": {"com.docker.network.bridge.name": "%s"}}"""
                        .formatted(network(n), n + 1, ScaleCheck.bridge(n)));
            }
        }
        String[] ids = new String[shape.sandboxes()];
        NetNs[] namespaces = new NetNs[shape.sandboxes()];
        Parallel.forEach(shape.sandboxes(), clients, () -> new JnetdClient(jnetd.socket()), (client, s) -> {
            JsonNode sandbox = client.postOk("/v1/sandboxes", "{\"name\": \"scale-%d\"}".formatted(s));
            ids[s] = sandbox.path("id").asString();
            namespaces[s] = NetNs.at(Path.of(sandbox.path("namespace").asString()));
        });
        System.out.printf("scale: %d networks and %,d sandboxes made in %.1f s (%d clients, not timed)%n",
                shape.networks(), shape.sandboxes(), (System.nanoTime() - start) / 1e9, clients);

        Machine.awaitQuiet();
        System.out.printf("scale: connecting %,d endpoints, one at a time (minutes; longer on a busy machine)%n",
                shape.endpoints());
        Connects connects = new Connects(jnetd, shape, ids, namespaces);
        AttachTiming timing = AttachTiming.measure("jnet", connects, 1);
        double first = medianMs(timing.inOrder(), 0, shape.window());
        double last = medianMs(timing.inOrder(), shape.endpoints() - shape.window(), shape.endpoints());
        System.out.printf("scale: %,d connects in %.1f s, %d failed; median %.2f ms, p99 %.2f ms%n", shape.endpoints(),
                timing.wallNanos() / 1e9, timing.failed(), timing.medianMs(), timing.p99Ms());
        timing.failures().forEach(f -> System.out.println("    failed: " + f));
        System.out.printf("scale: median of the first %,d connects %.2f ms, of the last %,d %.2f ms: ratio %.2f%n",
                shape.window(), first, shape.window(), last, last / first);
        System.out.println("    " + timing.spread());
        if (timing.failed() > 0) {
            throw new BenchmarkException(timing.failed() + " of " + shape.endpoints() + " connects failed");
        }
        ProcessMemory.Reading full = jnetd.settledMemory();
        System.out.printf("scale: jnetd with %,d endpoints: %s%n", shape.endpoints(), full.describe());
        System.out.println("scale: " + new ScaleCheck(frame, shape).verify(jnetd.host(), namespaces, connects.answers()));

        Machine.awaitQuiet();
        RestartTimer.Restart restart = RestartTimer.restart(jnetd, frame.executor());
        restart.lines().forEach(l -> System.out.println("scale: " + l));
        System.out.printf("scale: jnetd after the restart: %s%n", jnetd.settledMemory().describe());
        return List.of(
                Target.atMost("median of the last %,d connects over the first %,d's (%s)".formatted(shape.window(),
                        shape.window(), shape.fill().option), last / first, RATIO_TARGET, "", 2),
                Target.atMost("jnetd RSS at %,d endpoints".formatted(shape.endpoints()), full.mib(), RSS_TARGET_MIB,
                        "MiB", 1),
                Target.below("restart-to-ready with %,d endpoints".formatted(shape.endpoints()),
                        restart.ready().toMillis() / 1000.0, READY_TARGET_SECONDS, "s", 2));
    }

    static String network(int n) {
        return "scale-" + n;
    }

    /** The median in ms of the successful latencies (ns, -1 for a failure) in {@code [from, to)}; NaN if none. */
    static double medianMs(long[] inOrder, int from, int to) {
        long[] ok = Arrays.stream(inOrder, from, to).filter(l -> l >= 0).sorted().toArray();
        if (ok.length == 0) {
            return Double.NaN;
        }
        int mid = ok.length / 2;
        return (ok.length % 2 == 1 ? ok[mid] : (ok[mid - 1] + ok[mid]) / 2.0) / 1e6;
    }

    /** The hard limit of open files, from /proc/self/limits (jnetd inherits it; the JVM raises its soft limit to it). */
    static long openFilesLimit() {
        try {
            return parseOpenFilesLimit(Machine.readProc(Path.of("/proc/self/limits")));
        } catch (IOException e) {
            throw new BenchmarkException("read /proc/self/limits: " + e.getMessage(), e);
        }
    }

    /** The hard limit from a {@code Max open files  1024  20000  files} line. */
    static long parseOpenFilesLimit(String limits) {
        return limits.lines().filter(l -> l.startsWith("Max open files")).findFirst()
                .map(l -> l.substring("Max open files".length()).strip().split("\\s+"))
                .filter(f -> f.length >= 2 && f[1].matches("\\d+")).map(f -> Long.parseLong(f[1]))
                .orElseThrow(() -> new BenchmarkException("no numeric hard 'Max open files' in /proc/self/limits"));
    }

    /** The connects as a trial of {@link AttachTiming}: endpoint {@code e} joins its sandbox to its network. */
    private static final class Connects implements AttachMethod.Trial {
        private final JnetdUnderTest jnetd;
        private final ScaleShape shape;
        private final String[] sandboxIds;
        private final List<NetNs> byEndpoint;
        private final JsonNode[] answers;

        Connects(JnetdUnderTest jnetd, ScaleShape shape, String[] sandboxIds, NetNs[] namespaces) {
            this.jnetd = jnetd;
            this.shape = shape;
            this.sandboxIds = sandboxIds;
            List<NetNs> list = new ArrayList<>(shape.endpoints());
            for (int e = 0; e < shape.endpoints(); e++) {
                list.add(namespaces[shape.sandbox(e)]);
            }
            this.byEndpoint = List.copyOf(list);
            this.answers = new JsonNode[shape.endpoints()];
        }

        JsonNode[] answers() {
            return answers;
        }

        @Override
        public List<NetNs> containers() {
            return byEndpoint;
        }

        @Override
        public AttachMethod.Attacher client() {
            JnetdClient client = new JnetdClient(jnetd.socket());
            return new AttachMethod.Attacher() {
                @Override
                public void attach(int e) {
                    JnetdClient.Response r = client.post("/v1/networks/" + network(shape.network(e)) + "/connect",
                            "{\"sandbox\": \"" + sandboxIds[shape.sandbox(e)] + "\"}");
                    if (r.status() != 201) {
                        throw new BenchmarkException("connect " + e + ": " + r.status() + " " + r.body());
                    }
                    answers[e] = r.json();
                }

                @Override
                public void close() {
                    client.close();
                }
            };
        }

        @Override
        public String address(int e) {
            return answers[e] == null ? null : answers[e].path("ipv4").asString();
        }

        /** Nothing: the part stops jnetd and removes its fake host and sandboxes at once. */
        @Override
        public void close() {
        }
    }
}
