package dev.jnet.core.driver;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;

/**
 * A driver found the shared kernel state it keeps beside its networks (a firewall table) removed or emptied by
 * something else, and changed nothing: the controller repairs that state and tries the change once more.
 */
public class SharedStateDriftException extends JnetException {
    public SharedStateDriftException(String message, Throwable cause) {
        super(ErrorKind.UNAVAILABLE, message, cause);
    }
}
