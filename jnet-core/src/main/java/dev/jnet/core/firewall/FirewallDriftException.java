package dev.jnet.core.firewall;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;

/**
 * A change found jnet's firewall tables flushed, removed or emptied by something else, and changed
 * nothing: adding to such tables would look like success and filter nothing. The controller repairs the
 * tables and tries the change once more; only a second failure reaches the caller (UNAVAILABLE).
 */
public final class FirewallDriftException extends JnetException {
    public FirewallDriftException(String message, Throwable cause) {
        super(ErrorKind.UNAVAILABLE, message, cause);
    }
}
