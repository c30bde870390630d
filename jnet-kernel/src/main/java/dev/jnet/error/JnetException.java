package dev.jnet.error;

/**
 * The one exception type jnet throws for expected failures. It carries a {@link ErrorKind} and a message
 * that says what was asked, what was wrong and, where it helps, what to do.
 */
public class JnetException extends RuntimeException {
    private final ErrorKind kind;

    public JnetException(ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public JnetException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }

    public static JnetException invalid(String message) {
        return new JnetException(ErrorKind.INVALID, message);
    }

    public static JnetException notFound(String message) {
        return new JnetException(ErrorKind.NOT_FOUND, message);
    }

    public static JnetException conflict(String message) {
        return new JnetException(ErrorKind.CONFLICT, message);
    }

    public static JnetException unavailable(String message) {
        return new JnetException(ErrorKind.UNAVAILABLE, message);
    }

    public static JnetException internal(String message, Throwable cause) {
        return new JnetException(ErrorKind.INTERNAL, message, cause);
    }
}
