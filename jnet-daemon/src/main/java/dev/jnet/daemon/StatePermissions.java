package dev.jnet.daemon;

import dev.jnet.core.store.SqliteStore;
import dev.jnet.error.JnetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The state directory is root's alone: the directory 0700, and jnetd's own files in it (the store with its
 * WAL and shared-memory files, the host id, the lock) 0600. A directory or file found looser is tightened
 * at start, and the log says so. SQLite creates the WAL and shared-memory files with the store's mode, so
 * they stay 0600 once it is. The sandboxes' hosts and resolv.conf keep their 0644: they are bind-mounted into
 * the sandboxes, whose processes may run as any user (the directory's mode does not matter through a mount).
 */
final class StatePermissions {
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** jnetd's own files in the state directory. */
    static final List<String> FILES = List.of(SqliteStore.FILE_NAME, SqliteStore.FILE_NAME + "-wal",
            SqliteStore.FILE_NAME + "-shm", HostId.FILE_NAME, StateDirLock.FILE_NAME);
    private static final Logger LOG = LoggerFactory.getLogger(StatePermissions.class);

    private StatePermissions() {}

    /** Creates the directory 0700, or tightens it to 0700; whether it was made now. */
    static boolean secureDirectory(Path directory) {
        try {
            if (!Files.exists(directory)) {
                Files.createDirectories(directory.getParent());
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
                return true;
            }
            Set<PosixFilePermission> was = Files.getPosixFilePermissions(directory);
            if (!was.equals(DIRECTORY)) {
                Files.setPosixFilePermissions(directory, DIRECTORY);
                LOG.info("state directory {} was {}: made it {} (only root may read jnetd's state)", directory,
                        PosixFilePermissions.toString(was), PosixFilePermissions.toString(DIRECTORY));
            }
            return false;
        } catch (IOException e) {
            throw JnetException.internal("cannot make state directory " + directory + " root's only: " + e, e);
        }
    }

    /** Tightens jnetd's own files that exist to 0600; logs it unless the directory is {@code fresh}. */
    static void secureFiles(Path directory, boolean fresh) {
        List<String> tightened = new ArrayList<>();
        for (String name : FILES) {
            Path file = directory.resolve(name);
            try {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        && !Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(FILE)) {
                    Files.setPosixFilePermissions(file, FILE);
                    tightened.add(name);
                }
            } catch (IOException e) {
                throw JnetException.internal("cannot make " + file + " root's only: " + e, e);
            }
        }
        if (!tightened.isEmpty() && !fresh) {
            LOG.info("made {} in {} mode {} (only root may read them)", String.join(", ", tightened), directory,
                    PosixFilePermissions.toString(FILE));
        }
    }
}
