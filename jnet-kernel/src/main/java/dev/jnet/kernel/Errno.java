package dev.jnet.kernel;

import dev.jnet.error.ErrorKind;

import java.util.Map;

/**
 * A Linux error number with its symbolic name and text, and the {@link ErrorKind} it usually means.
 *
 * @param code the positive errno value
 */
public record Errno(int code) {
    public static final Errno EPERM = new Errno(1);
    public static final Errno ENOENT = new Errno(2);
    public static final Errno EINTR = new Errno(4);
    public static final Errno EAGAIN = new Errno(11);
    public static final Errno EBUSY = new Errno(16);
    public static final Errno EEXIST = new Errno(17);
    public static final Errno ENODEV = new Errno(19);
    public static final Errno EINVAL = new Errno(22);
    public static final Errno EPROTONOSUPPORT = new Errno(93);
    public static final Errno EOPNOTSUPP = new Errno(95);
    public static final Errno EADDRINUSE = new Errno(98);
    public static final Errno EADDRNOTAVAIL = new Errno(99);
    public static final Errno EXFULL = new Errno(54);
    public static final Errno ENOBUFS = new Errno(105);

    private record Info(String name, String text, ErrorKind kind) {}

    private static final Map<Integer, Info> INFO = Map.ofEntries(
            Map.entry(1, new Info("EPERM", "Operation not permitted", ErrorKind.FORBIDDEN)),
            Map.entry(2, new Info("ENOENT", "No such file or directory", ErrorKind.NOT_FOUND)),
            Map.entry(3, new Info("ESRCH", "No such process", ErrorKind.NOT_FOUND)),
            Map.entry(4, new Info("EINTR", "Interrupted system call", ErrorKind.INTERNAL)),
            Map.entry(5, new Info("EIO", "Input/output error", ErrorKind.INTERNAL)),
            Map.entry(6, new Info("ENXIO", "No such device or address", ErrorKind.NOT_FOUND)),
            Map.entry(9, new Info("EBADF", "Bad file descriptor", ErrorKind.INTERNAL)),
            Map.entry(11, new Info("EAGAIN", "Resource temporarily unavailable", ErrorKind.UNAVAILABLE)),
            Map.entry(12, new Info("ENOMEM", "Cannot allocate memory", ErrorKind.UNAVAILABLE)),
            Map.entry(13, new Info("EACCES", "Permission denied", ErrorKind.FORBIDDEN)),
            Map.entry(16, new Info("EBUSY", "Device or resource busy", ErrorKind.CONFLICT)),
            Map.entry(17, new Info("EEXIST", "File exists", ErrorKind.CONFLICT)),
            Map.entry(19, new Info("ENODEV", "No such device", ErrorKind.NOT_FOUND)),
            Map.entry(20, new Info("ENOTDIR", "Not a directory", ErrorKind.INVALID)),
            Map.entry(22, new Info("EINVAL", "Invalid argument", ErrorKind.INVALID)),
            Map.entry(23, new Info("ENFILE", "Too many open files in system", ErrorKind.UNAVAILABLE)),
            Map.entry(24, new Info("EMFILE", "Too many open files", ErrorKind.UNAVAILABLE)),
            Map.entry(28, new Info("ENOSPC", "No space left on device", ErrorKind.UNAVAILABLE)),
            Map.entry(34, new Info("ERANGE", "Numerical result out of range", ErrorKind.INVALID)),
            Map.entry(36, new Info("ENAMETOOLONG", "File name too long", ErrorKind.INVALID)),
            Map.entry(38, new Info("ENOSYS", "Function not implemented", ErrorKind.UNAVAILABLE)),
            Map.entry(39, new Info("ENOTEMPTY", "Directory not empty", ErrorKind.CONFLICT)),
            // A bridge that has its 1,024 ports (BR_MAX_PORTS) refuses another with this: the object is full.
            Map.entry(54, new Info("EXFULL", "Exchange full", ErrorKind.CONFLICT)),
            Map.entry(61, new Info("ENODATA", "No data available", ErrorKind.NOT_FOUND)),
            Map.entry(71, new Info("EPROTO", "Protocol error", ErrorKind.INTERNAL)),
            Map.entry(90, new Info("EMSGSIZE", "Message too long", ErrorKind.INVALID)),
            Map.entry(93, new Info("EPROTONOSUPPORT", "Protocol not supported", ErrorKind.UNAVAILABLE)),
            Map.entry(95, new Info("EOPNOTSUPP", "Operation not supported", ErrorKind.UNAVAILABLE)),
            Map.entry(97, new Info("EAFNOSUPPORT", "Address family not supported by protocol",
                    ErrorKind.UNAVAILABLE)),
            Map.entry(98, new Info("EADDRINUSE", "Address already in use", ErrorKind.CONFLICT)),
            // The kernel refuses an address it will not put on an interface or bind to (IPv6 loopback or multicast
            // on a link, an address the host does not have): the value asked for is wrong. Deleting an address
            // that is not there says the same errno; Addresses.delete turns that into NOT_FOUND.
            Map.entry(99, new Info("EADDRNOTAVAIL", "Cannot assign requested address", ErrorKind.INVALID)),
            Map.entry(100, new Info("ENETDOWN", "Network is down", ErrorKind.UNAVAILABLE)),
            Map.entry(101, new Info("ENETUNREACH", "Network is unreachable", ErrorKind.INVALID)),
            Map.entry(107, new Info("ENOTCONN", "Transport endpoint is not connected", ErrorKind.INTERNAL)),
            Map.entry(105, new Info("ENOBUFS", "No buffer space available", ErrorKind.UNAVAILABLE)),
            Map.entry(110, new Info("ETIMEDOUT", "Connection timed out", ErrorKind.UNAVAILABLE)),
            Map.entry(113, new Info("EHOSTUNREACH", "No route to host", ErrorKind.UNAVAILABLE)));

    public Errno {
        if (code <= 0) {
            throw new IllegalArgumentException("errno must be positive, got " + code);
        }
    }

    /** The symbolic name, such as {@code EEXIST}, or {@code errno 123} for numbers jnet does not name. */
    public String symbol() {
        Info info = INFO.get(code);
        return info == null ? "errno " + code : info.name();
    }

    /** The C library's text for this error, such as {@code File exists}. */
    public String text() {
        Info info = INFO.get(code);
        return info == null ? "Unknown error " + code : info.text();
    }

    /** The kind of failure this errno usually signals; callers that know better may choose another. */
    public ErrorKind kind() {
        Info info = INFO.get(code);
        return info == null ? ErrorKind.INTERNAL : info.kind();
    }

    @Override
    public String toString() {
        return text() + " (" + symbol() + ")";
    }
}
