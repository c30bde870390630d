package dev.jnet.daemon;

import dev.jnet.core.store.SqliteStore;
import dev.jnet.kernel.netns.NetnsManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The last step of an uninstall, once jnetd has stopped: its own files in the state and run directories go
 * (the store, the host id, the lock; the namespace directory and its mount), then each directory if nothing
 * else is in it. Files jnetd did not make are never removed: they are reported.
 */
final class Leftovers {
    private static final List<String> STATE_FILES = List.of(SqliteStore.FILE_NAME, SqliteStore.FILE_NAME + "-wal",
            SqliteStore.FILE_NAME + "-shm", SqliteStore.FILE_NAME + "-journal", HostId.FILE_NAME, StateDirLock.FILE_NAME);

    private Leftovers() {}

    /** Removes what jnetd made in both directories; the paths of other files found there, which stay. */
    static List<String> remove(Path stateDirectory, Path runDirectory) throws IOException {
        for (String name : STATE_FILES) {
            Files.deleteIfExists(stateDirectory.resolve(name));
        }
        new NetnsManager(runDirectory.resolve("netns")).releaseDirectory();
        List<String> others = new ArrayList<>();
        for (Path dir : List.of(stateDirectory, runDirectory)) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> left = Files.list(dir)) {
                left.forEach(p -> others.add(p.toString()));
            }
            if (others.stream().noneMatch(p -> p.startsWith(dir + "/"))) {
                Files.delete(dir);
            }
        }
        return others;
    }
}
