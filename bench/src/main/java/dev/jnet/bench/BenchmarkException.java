package dev.jnet.bench;

/** The benchmark cannot go on (a command failed, a check found missing links); the message says why. */
final class BenchmarkException extends RuntimeException {
    BenchmarkException(String message) {
        super(message);
    }

    BenchmarkException(String message, Throwable cause) {
        super(message, cause);
    }
}
