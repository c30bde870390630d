package dev.jnet.core.firewall;

import dev.jnet.core.driver.SharedStateDriftException;

/**
 * A change found jnet's firewall tables removed (then it changed nothing) or their rules flushed by
 * something else (then what it added sits in a table without rules): adding to such tables would look like
 * success and filter nothing. The controller repairs the tables, which rebuilds them from its state (and so
 * removes such leftovers), and tries the change once more; only a second failure reaches the caller
 * (UNAVAILABLE).
 */
public final class FirewallDriftException extends SharedStateDriftException {
    public FirewallDriftException(String message, Throwable cause) {
        super(message, cause);
    }
}
