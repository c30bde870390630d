package dev.jnet.daemon;

import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.daemon.testing.HostileRequests;
import dev.jnet.daemon.testing.RawHttp;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded, seeded fuzzing pass over both sockets ({@link HostileRequests}): every answer comes within 2 s,
 * no 5xx but the documented 501 (what the Docker API does not serve) and 505 (an HTTP version jnetd does not
 * speak), every error is {"message"}; afterwards jnetd still serves valid requests and holds no more file
 * descriptors than before. {@code -Djnet.fuzz.seed=N} repeats a run; the seed is in every failure message.
 */
@ExtendWith(NetnsExtension.class)
class HostileInputFuzzTest {
    private static final long SEED = Long.getLong("jnet.fuzz.seed", 20261201L);
    private static final int REQUESTS = Integer.getInteger("jnet.fuzz.requests", 3000);
    private static final Duration ANSWER_LIMIT = Duration.ofSeconds(2);
    private static final Set<Integer> DOCUMENTED_5XX = Set.of(501, 505);

    @Test
    void hostileRequestsGetTimelyJsonErrorsAndLeaveJnetdServingWithoutLeakingDescriptors(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            Set<String> networksBefore = names(host.client().get("/v1/networks").json());
            warmUp(host);
            long fdsBefore = openDescriptors();

            HostileRequests requests = new HostileRequests(new Random(SEED));
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < REQUESTS && problems.size() < 20; i++) {
                HostileRequests.Hostile hostile = requests.next();
                Path socket = hostile.api() == HostileRequests.Api.NATIVE ? host.socket() : host.dockerSocket();
                RawHttp.Answer answer = RawHttp.exchange(socket, hostile.bytes(), ANSWER_LIMIT);
                String problem = problem(answer);
                if (problem != null) {
                    problems.add("seed " + SEED + " #" + i + " " + hostile.api() + " " + hostile.description() + ": " + problem
                            + " -> " + answer);
                }
            }
            assertThat(problems).isEmpty();

            removeWhatTheFuzzMade(host, networksBefore);
            awaitDescriptorsBackTo(fdsBefore);
            stillServes(host);
        }
    }

    /** Null when the answer is what the API promises; what is wrong otherwise. */
    private static String problem(RawHttp.Answer answer) {
        if (answer.status() < 0) {
            return "no answer within " + ANSWER_LIMIT.toSeconds() + " s";
        }
        if (answer.status() >= 500 && !DOCUMENTED_5XX.contains(answer.status())) {
            return "a " + answer.status();
        }
        if (answer.status() >= 400 && (!"application/json".equals(answer.headers().get("content-type")) || answer.message() == null)) {
            return "an error without a JSON message";
        }
        return null;
    }

    /**
     * The first requests make what jnetd opens once and keeps (Jetty's buffers and selector keys, the kernel
     * layer's handles for what a connect touches), so that the descriptors counted after are the baseline's.
     */
    private static void warmUp(FakeHost host) {
        for (int i = 0; i < 2; i++) {
            assertThat(host.client().post("/v1/networks", "{\"name\": 1}").status()).isEqualTo(400);
            assertThat(host.dockerClient().post("/networks/create", "{\"Name\": 1}").status()).isEqualTo(400);
            stillServes(host);
        }
    }

    /** A request that happened to be valid may have made a network or sandbox: they go, as a user would remove them. */
    private static void removeWhatTheFuzzMade(FakeHost host, Set<String> networksBefore) {
        ApiClient api = host.client();
        for (JsonNode sandbox : api.get("/v1/sandboxes").json()) {
            assertThat(api.delete("/v1/sandboxes/" + sandbox.path("id").asString()).status()).isEqualTo(204);
        }
        for (JsonNode network : api.get("/v1/networks").json()) {
            if (!networksBefore.contains(network.path("name").asString())) {
                assertThat(api.delete("/v1/networks/" + network.path("id").asString()).status()).isEqualTo(204);
            }
        }
    }

    private static void stillServes(FakeHost host) {
        ApiClient api = host.client();
        ApiClient docker = host.dockerClient();
        assertThat(api.get("/v1/_ping").body()).isEqualTo("OK");
        assertThat(docker.get("/_ping").body()).isEqualTo("OK");
        assertThat(api.post("/v1/networks", "{\"name\": \"after\", \"ipv4\": [{\"subnet\": \"10.77.0.0/24\"}]}").status()).isEqualTo(201);
        assertThat(api.post("/v1/sandboxes", "{\"name\": \"s\"}").status()).isEqualTo(201);
        assertThat(api.post("/v1/networks/after/connect", "{\"sandbox\": \"s\", \"ipv4\": \"10.77.0.5\"}").status()).isEqualTo(201);
        assertThat(names(docker.get("/networks").json())).contains("after", "bridge");
        assertThat(api.post("/v1/networks/after/disconnect", "{\"sandbox\": \"s\"}").status()).isEqualTo(204);
        assertThat(api.delete("/v1/sandboxes/s").status()).isEqualTo(204);
        assertThat(docker.delete("/networks/after").status()).isEqualTo(204);
    }

    private static Set<String> names(JsonNode list) {
        Set<String> names = new HashSet<>();
        for (JsonNode item : list) {
            names.add(item.has("name") ? item.path("name").asString() : item.path("Name").asString());
        }
        return names;
    }

    /**
     * jnetd runs in this JVM, so its descriptors are this process's: connections, the store, netlink sockets.
     * Closed connections are released shortly after the client closes; wait for that, then compare.
     */
    private static void awaitDescriptorsBackTo(long before) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long now = openDescriptors();
        while (now > before && System.nanoTime() < deadline) {
            Thread.sleep(200);
            now = openDescriptors();
        }
        assertThat(now).as("open file descriptors after the fuzzing (before: " + before + ")").isLessThanOrEqualTo(before);
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count() - 1; // the directory stream's own
        }
    }
}
