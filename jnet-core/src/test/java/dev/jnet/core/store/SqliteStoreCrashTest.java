package dev.jnet.core.store;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A write that {@link SqliteStore} acknowledged survives the sudden death of the process that made it. */
class SqliteStoreCrashTest {
    private static final int ACKNOWLEDGED_BEFORE_KILL = 40;
    private static final int MORE_THAN_IT_CAN_WRITE = 1_000_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void everyAcknowledgedWriteSurvivesKillDashNineAndNoBatchIsHalfWritten() throws Exception {
        Path state = dir.resolve("state");
        Path stderr = dir.resolve("child.stderr");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), StoreWriterMain.class.getName(),
                state.toString(), String.valueOf(MORE_THAN_IT_CAN_WRITE))
                .redirectError(stderr.toFile())
                .start();
        List<String> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged.size() < ACKNOWLEDGED_BEFORE_KILL && (line = out.readLine()) != null) {
                acknowledged.add(line);
            }
            assertThat(acknowledged).as(() -> "the writer died early: " + read(stderr))
                    .hasSize(ACKNOWLEDGED_BEFORE_KILL);

            // through the handle, which only sends SIGKILL: Process.destroyForcibly would also close the pipe
            // that still holds the last acknowledgements
            child.toHandle().destroyForcibly();
            assertThat(child.waitFor()).as("killed by SIGKILL").isEqualTo(128 + 9);
            assertThat(child.toHandle().isAlive()).isFalse();
            // what it printed before it died was acknowledged too
            while ((line = out.readLine()) != null) {
                acknowledged.add(line);
            }
        } finally {
            child.destroyForcibly();
        }

        try (SqliteStore store = SqliteStore.open(state)) {
            StoredState after = store.load();
            Set<String> networks = after.networks().stream().map(n -> n.id().value()).collect(Collectors.toSet());
            assertThat(networks).containsAll(acknowledged);
            assertThat(after.networks()).hasSizeBetween(acknowledged.size(), acknowledged.size() + 1);
            assertEveryBatchIsWhole(after);
        }
    }

    private static void assertEveryBatchIsWhole(StoredState state) {
        assertThat(state.sandboxes()).hasSameSizeAs(state.networks());
        assertThat(state.endpoints()).hasSameSizeAs(state.networks());
        Set<Object> networkIds = state.networks().stream().map(Network::id).collect(Collectors.toSet());
        Set<Object> sandboxIds = state.sandboxes().stream().map(Sandbox::id).collect(Collectors.toSet());
        for (Endpoint endpoint : state.endpoints()) {
            assertThat(networkIds).contains(endpoint.network());
            assertThat(sandboxIds).contains(endpoint.sandbox());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(stderr unreadable: " + e + ")";
        }
    }
}
