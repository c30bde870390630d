package dev.jnet.daemon;

import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.daemon.testing.JnetdProcess;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** SIGTERM stops the real jnetd (bin/jnetd in a fake host) within its grace period, whatever its clients do. */
@ExtendWith(NetnsExtension.class)
class StopIT {
    private static final Duration READY = Duration.ofSeconds(120);
    /** The JVM's own exit after the stop, on a loaded machine. */
    private static final Duration EXIT_SLACK = Duration.ofSeconds(3);

    @Test
    void sigtermStopsJnetdWithinTheGracePeriodWhileRequestsOnBothSocketsAreStuckOnTheStoresLock(ThrowawayNs ns)
            throws Exception {
        try (FakeHost host = new FakeHost(ns); JnetdProcess jnetd = JnetdProcess.start(host).awaitReady(READY);
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            Process lock = holdWriteLock(host.stateDirectory().resolve("jnet.db"));
            try {
                for (int i = 0; i < 8; i++) { // each waits up to 5 s for the store, one after another: 40 s a socket
                    String name = "stuck" + i;
                    clients.submit(() -> host.client().post("/v1/networks", "{\"name\": \"" + name + "\"}"));
                    clients.submit(() -> host.dockerClient().post("/networks/create", "{\"Name\": \"d" + name + "\"}"));
                }
                Thread.sleep(2000);
                long stopping = System.nanoTime();
                jnetd.terminate();
                int status = jnetd.waitFor(Daemon.GRACE_PERIOD.plus(EXIT_SLACK).plusSeconds(30));
                Duration took = Duration.ofNanos(System.nanoTime() - stopping);
                assertThat(took).as(jnetd.log()).isLessThanOrEqualTo(Daemon.GRACE_PERIOD.plus(EXIT_SLACK));
                assertThat(status).as("a complete stop, not the deadline's (1): " + jnetd.log()).isEqualTo(143);
                assertThat(jnetd.log()).contains("were still running after the grace period of " + Daemon.REQUEST_GRACE.toSeconds());
            } finally {
                lock.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void sigtermWithAClientHalfWayThroughABodyStopsAtOnceAndRemovesTheSockets(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns); JnetdProcess jnetd = JnetdProcess.start(host).awaitReady(READY);
             SocketChannel half = SocketChannel.open(UnixDomainSocketAddress.of(host.socket()))) {
            half.write(ByteBuffer.wrap("POST /v1/networks HTTP/1.1\r\nHost: jnet\r\nContent-Length: 100\r\n\r\n{\"name\":"
                    .getBytes(StandardCharsets.US_ASCII)));
            assertThat(new ApiClient(host.socket()).get("/v1/_ping").body()).isEqualTo("OK");
            jnetd.terminate();
            assertThat(jnetd.waitFor(Daemon.REQUEST_GRACE)).isEqualTo(143);
            assertThat(host.socket()).doesNotExist();
            assertThat(host.dockerSocket()).doesNotExist();
        }
    }

    /** An sqlite3 process holding the store's write lock until it is killed (as an administrator's shell might). */
    private static Process holdWriteLock(Path database) throws IOException, InterruptedException {
        Process sqlite = new ProcessBuilder("sqlite3", database.toString()).redirectErrorStream(true).start();
        OutputStream in = sqlite.getOutputStream();
        in.write("BEGIN IMMEDIATE;\nSELECT 'locked';\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
        byte[] answer = new byte[6];
        assertThat(sqlite.getInputStream().readNBytes(answer, 0, 6)).isEqualTo(6);
        assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo("locked");
        return sqlite;
    }
}
