package dev.jnet.core.driver;

import dev.jnet.net.IfName;

import java.util.Optional;

/**
 * An interface a join gives the sandbox.
 *
 * @param name its name inside the sandbox
 * @param madeInHostAs where the driver left it: empty when it made it inside the sandbox already; a name
 *     when it made it in the host namespace under that name, for the controller to move into the sandbox and
 *     rename (as Docker's remote drivers return interfaces)
 * @param configured whether the driver also gave it its addresses and routes and set it up (as CNI plugins do),
 *     so that the controller leaves it as it is
 */
public record SandboxLink(IfName name, Optional<IfName> madeInHostAs, boolean configured) {
    public SandboxLink(IfName name, Optional<IfName> madeInHostAs) {
        this(name, madeInHostAs, false);
    }

    /** An interface the driver made inside the sandbox, under its final name. */
    public static SandboxLink inside(IfName name) {
        return new SandboxLink(name, Optional.empty());
    }

    /** An interface the driver made inside the sandbox and configured completely. */
    public static SandboxLink configured(IfName name) {
        return new SandboxLink(name, Optional.empty(), true);
    }

    /** An interface the driver made in the host namespace as {@code hostName}. */
    public static SandboxLink inHost(IfName name, IfName hostName) {
        return new SandboxLink(name, Optional.of(hostName));
    }
}
