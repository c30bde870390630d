package dev.jnet.daemon;

import dev.jnet.error.JnetException;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Makes the socket path ready to bind: a socket left by a jnetd that crashed is removed, but one that
 * a live jnetd answers on is never taken over.
 */
final class SocketFile {
    private SocketFile() {}

    /** Prepares {@code socket}, set by {@code flag}; returns whether a stale socket file was removed. */
    static boolean prepare(Path socket, String flag) {
        try {
            Files.createDirectories(socket.getParent());
            if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            BasicFileAttributes attributes = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isOther()) {
                throw JnetException.conflict(socket + " exists and is not a socket; remove it or give jnetd another " + flag);
            }
            if (answers(socket)) {
                throw JnetException.conflict("another jnetd is already listening on " + socket
                        + "; stop it first, or give this one another " + flag);
            }
            Files.delete(socket);
            return true;
        } catch (IOException e) {
            throw JnetException.internal("cannot prepare socket " + socket + ": " + e, e);
        }
    }

    private static boolean answers(Path socket) {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return channel.isConnected();
        } catch (IOException e) {
            return false; // connection refused: nobody listens, the file is left from a crash
        }
    }
}
