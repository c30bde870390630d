package dev.jnet.core.firewall;

import dev.jnet.error.JnetException;

import java.util.Locale;

/**
 * What jnet does about another firewall's forward chain that would drop its bridges' traffic (Docker's
 * {@code FORWARD} chain with policy drop, firewalld's final reject): see {@link ForeignFirewall}.
 */
public enum ForeignFirewallMode {
    /** Insert narrow accept rules for jnet's bridges into that chain, marked as jnet's, and keep them in line. */
    INSERT,
    /** Touch no other table; report which chain drops the traffic and the rule that would let it through. */
    LEAVE;

    /** The default: jnet's containers work on a Docker host without manual steps. */
    public static final ForeignFirewallMode DEFAULT = INSERT;

    /** Parses {@code insert} or {@code leave}. */
    public static ForeignFirewallMode parse(String value) {
        for (ForeignFirewallMode m : values()) {
            if (m.toString().equals(value)) {
                return m;
            }
        }
        throw JnetException.invalid("unknown foreign-firewall mode '" + value + "' (known: insert, leave)");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
