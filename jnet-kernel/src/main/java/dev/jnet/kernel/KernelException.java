package dev.jnet.kernel;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;

import java.util.Optional;

/**
 * A kernel call failed. The message names the operation and object ({@code create link br0 (bridge)}),
 * the errno, and the kernel's own explanation when it gave one.
 */
public final class KernelException extends JnetException {
    private final Errno errno;

    public KernelException(ErrorKind kind, String message, Errno errno) {
        super(kind, message);
        this.errno = errno;
    }

    /** An errno failure of {@code operation}, with the kernel's extended message if any. */
    public static KernelException of(String operation, Errno errno, String kernelMessage) {
        StringBuilder message = new StringBuilder(operation).append(": ").append(errno);
        if (kernelMessage != null && !kernelMessage.isBlank()) {
            message.append(": ").append(kernelMessage);
        }
        return new KernelException(errno.kind(), message.toString(), errno);
    }

    public static KernelException of(String operation, Errno errno) {
        return of(operation, errno, null);
    }

    /**
     * A feature this kernel does not have, such as a link kind whose module is missing; {@code detail}
     * says which call found out.
     */
    public static KernelException lacks(String feature, String detail, Errno errno) {
        return new KernelException(ErrorKind.UNAVAILABLE, "this kernel lacks " + feature + " (" + detail + ")", errno);
    }

    /** The errno behind this failure, when a system call or netlink request reported one. */
    public Optional<Errno> errno() {
        return Optional.ofNullable(errno);
    }

    /** Whether this failure carries the given errno. */
    public boolean is(Errno expected) {
        return expected.equals(errno);
    }
}
