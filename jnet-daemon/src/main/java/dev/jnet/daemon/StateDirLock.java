package dev.jnet.daemon;

import dev.jnet.error.JnetException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a second jnetd off a state directory: an exclusive lock on {@code jnetd.lock} in it, held while
 * the daemon runs and released by the kernel if the process dies. The file holds the holder's pid, for
 * the message the second one prints.
 */
final class StateDirLock implements AutoCloseable {
    static final String FILE_NAME = "jnetd.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private StateDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StateDirLock acquire(Path stateDirectory) {
        Path file = stateDirectory.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(stateDirectory);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = Files.readString(file).strip();
                channel.close();
                throw JnetException.conflict("another jnetd" + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                        + " is using state directory " + stateDirectory + "; stop it, or give this one another --state-dir");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new StateDirLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw JnetException.internal("cannot lock state directory " + stateDirectory + " (" + file + "): " + e, e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this JVM already holds it (an earlier daemon in the same process)
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was locked, or the lock goes with the process
            }
        }
    }
}
