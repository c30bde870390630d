package dev.jnet.core.driver.cni;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;

/**
 * An error a CNI plugin reported itself (non-zero exit with CNI's error object), as opposed to one running it
 * (not found, killed after its timeout, no JSON). Codes 1, 2, 4, 6 and 7 are about the configuration or the
 * call (INVALID); the others (I/O, "try again later", the plugin's own from 100 up) are the host's (UNAVAILABLE).
 */
final class CniError extends JnetException {
    CniError(int code, String message) {
        super(kindOf(code), message);
    }

    private static ErrorKind kindOf(int code) {
        return switch (code) {
            case 1, 2, 4, 6, 7 -> ErrorKind.INVALID;
            default -> ErrorKind.UNAVAILABLE;
        };
    }
}
