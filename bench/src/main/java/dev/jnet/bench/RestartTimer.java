package dev.jnet.bench;

import dev.jnet.kernel.netns.NetnsExecutor;
import dev.jnet.kernel.rtnl.Link;
import dev.jnet.kernel.rtnl.RtNetlink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * jnetd's restart with what it holds: {@link #run} makes {@code networks} bridge networks first (each with
 * its own 10.X.Y.0/24, since the default pools hold only 31 subnets); {@link #restart} stops jnetd with
 * SIGTERM, starts it again and times the start until {@code GET /v1/_ping} answers. Then it checks that
 * the start-up reconciliation changed nothing: jnetd logs no repair, it still knows every network and
 * endpoint, and the fake host has the same links as before.
 */
final class RestartTimer {
    /** Subnets 10.SECOND.THIRD.0/24 from SECOND = 64 up, below the 10.100+ of the attach runs. */
    static final int MAX_NETWORKS = 36 * 256;
    private static final String REPAIRED = "start-up reconciliation repaired the kernel";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private RestartTimer() {}

    /** What a restart showed; {@link #lines()} prints it. */
    record Restart(long rssBeforeKib, double stopSeconds, int status, Duration ready, long pid, String reconciliation,
                   Known before, Known after, int linksBefore, int linksAfter, boolean sameLinks) {
        List<String> lines() {
            return List.of(
                    "restart: SIGTERM to exit %.2f s (status %d); start to GET /v1/_ping answered: %d ms (pid %d)"
                            .formatted(stopSeconds, status, ready.toMillis(), pid),
                    ("restart: start-up reconciliation %s; networks/endpoints known before: %d/%d, after: %d/%d; "
                            + "fake host links before/after: %d/%d, %s")
                            .formatted(reconciliation, before.networks(), before.endpoints(), after.networks(),
                                    after.endpoints(), linksBefore, linksAfter, sameLinks ? "the same" : "DIFFERENT"));
        }
    }

    /** What {@code GET /v1/info} counts. */
    record Known(int networks, int endpoints) {}

    /** Lines to print: makes {@code networks} networks, then restarts jnetd with them. */
    static List<String> run(JnetdUnderTest jnetd, NetnsExecutor executor, int networks, int clients) {
        if (networks > MAX_NETWORKS) {
            throw new BenchmarkException("at most " + MAX_NETWORKS + " networks for the restart");
        }
        long start = System.nanoTime();
        Parallel.forEach(networks, clients, () -> new JnetdClient(jnetd.socket()), (client, i) ->
                client.postOk("/v1/networks", """
                        {"name": "restart-%d", "ipv4": [{"subnet": "10.%d.%d.0/24"}]}"""
                        .formatted(i, 64 + i / 256, i % 256)));
        double createSeconds = (System.nanoTime() - start) / 1e9;
        Restart restart = restart(jnetd, executor);
        List<String> lines = new ArrayList<>();
        lines.add("restart: %,d networks created in %.1f s (%d clients, %.0f/s); jnetd RSS %.1f MiB with them"
                .formatted(networks, createSeconds, clients, networks / createSeconds, restart.rssBeforeKib() / 1024.0));
        lines.addAll(restart.lines());
        return lines;
    }

    /**
     * Stops jnetd with SIGTERM, starts it again on the same state and times the start until
     * {@code GET /v1/_ping} answers; checks that the start-up reconciliation changed nothing.
     */
    static Restart restart(JnetdUnderTest jnetd, NetnsExecutor executor) {
        Known before = known(jnetd);
        Set<String> linksBefore = links(jnetd, executor);
        long rssBefore = jnetd.rssKib();

        long stopStart = System.nanoTime();
        int status = jnetd.stop();
        double stopSeconds = (System.nanoTime() - stopStart) / 1e9;
        Duration ready = jnetd.startAndAwaitReady(READY_TIMEOUT);

        String log = jnetd.log();
        String reconciliation = log.lines().filter(l -> l.contains(REPAIRED)).findFirst()
                .map(l -> "CHANGED THINGS: " + l.substring(l.indexOf(REPAIRED)))
                .orElse("changed nothing (jnetd logged no repair)");
        Known after = known(jnetd);
        Set<String> linksAfter = links(jnetd, executor);
        return new Restart(rssBefore, stopSeconds, status, ready, jnetd.pid(), reconciliation, before, after,
                linksBefore.size(), linksAfter.size(), linksBefore.equals(linksAfter));
    }

    private static Known known(JnetdUnderTest jnetd) {
        try (JnetdClient client = new JnetdClient(jnetd.socket())) {
            JnetdClient.Response info = client.get("/v1/info");
            if (!info.ok()) {
                throw new BenchmarkException("GET /v1/info: " + info.status() + " " + info.body());
            }
            return new Known(info.json().path("networks").asInt(), info.json().path("endpoints").asInt());
        }
    }

    /** Names, kinds and up/down state of every link in jnetd's fake host. */
    private static Set<String> links(JnetdUnderTest jnetd, NetnsExecutor executor) {
        Set<String> links = new TreeSet<>();
        try (RtNetlink rtnl = RtNetlink.open(executor, jnetd.host())) {
            for (Link link : rtnl.links().list()) {
                links.add(link.name() + " " + link.kind() + (link.up() ? " up" : " down"));
            }
        }
        return links;
    }
}
