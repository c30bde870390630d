package dev.jnet.cluster;

import dev.jnet.error.JnetException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The last listings of live hosts and endpoint records this host followed, kept in its state directory, so
 * that a jnetd that starts while etcd cannot be reached (after a reboot, say) still programs its overlay
 * networks' remote endpoints and answers their names, as of then, until etcd answers again.
 *
 * @param taken when the listings were followed
 */
record ClusterSnapshot(Listing hosts, Listing endpoints, Instant taken) {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String FILE = "cluster-snapshot.json";

    /** Writes the snapshot to {@code file} at once (a crash leaves the old one or the new one). */
    void save(Path file) {
        try {
            dev.jnet.core.store.AtomicFile.write(file, JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw JnetException.internal("cannot write the cluster snapshot " + file + ": " + e.getMessage(), e);
        }
    }

    /** The snapshot in {@code file}; none if there is none or it cannot be read (it is only a fallback). */
    static Optional<ClusterSnapshot> load(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(Files.readString(file), ClusterSnapshot.class));
        } catch (IOException | JacksonException | IllegalArgumentException | NullPointerException e) {
            System.getLogger(ClusterSnapshot.class.getName()).log(System.Logger.Level.WARNING,
                    "cluster: ignoring the unreadable snapshot " + file + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
