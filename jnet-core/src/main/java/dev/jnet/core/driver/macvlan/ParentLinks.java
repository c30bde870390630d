package dev.jnet.core.driver.macvlan;

import dev.jnet.core.driver.Driver;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.KernelException;
import dev.jnet.kernel.rtnl.Link;
import dev.jnet.kernel.rtnl.LinkOptions;
import dev.jnet.kernel.rtnl.LinkSpec;
import dev.jnet.net.IfName;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The host links macvlan and ipvlan networks hang their children off. One network per parent, as in Docker
 * (an 802.1Q sub-interface such as {@code eth0.10} is a parent of its own). jnet makes the parents a network
 * needs and lacks (an internal network's empty bridge, a missing sub-interface), marks them with the
 * network's alias, and removes only those with the network.
 */
final class ParentLinks {
    private record Claim(String network, IfName parent) {}

    private final Kernel kernel;
    private final Map<NetworkId, Claim> claims = new HashMap<>();

    ParentLinks(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Takes the parent for the network; CONFLICT if another network has it. */
    synchronized void claim(Network network, ChildOptions o) {
        claims.forEach((id, claim) -> {
            if (claim.parent().equals(o.parent()) && !id.equals(network.id())) {
                throw JnetException.conflict("network " + claim.network() + " is already using parent interface "
                        + o.parent() + "; give network " + network.name() + " another parent (an 802.1Q sub-interface "
                        + o.parent() + ".VID is one)");
            }
        });
        claims.put(network.id(), new Claim(network.name(), o.parent()));
    }

    synchronized void release(NetworkId id) {
        claims.remove(id);
    }

    /** Makes the parent if jnet is to make it and it is missing; returns whether it did. */
    boolean ensure(Network network, ChildOptions o) {
        Optional<Link> link = kernel.host().links().find(o.parent());
        if (link.isPresent()) {
            return false;
        }
        if (!o.parentMadeByJnet()) {
            throw JnetException.invalid("parent interface " + o.parent() + " of network " + network.name()
                    + " was not found in the host namespace");
        }
        LinkOptions options = LinkOptions.DEFAULTS.withUp(true).withAlias(mark(network));
        if (o.internalParent()) {
            // An empty bridge stands for Docker's dummy link, which this kernel may lack: children on it
            // reach each other and nothing else.
            create(new LinkSpec.Bridge(o.parent(), options));
            return true;
        }
        IfName lower = o.vlanLower();
        if (kernel.host().links().find(lower).isEmpty()) {
            throw JnetException.invalid("parent interface " + o.parent() + " of network " + network.name()
                    + " is an 802.1Q sub-interface of " + lower + ", which was not found in the host namespace");
        }
        LinkSpec.Vlan vlan = new LinkSpec.Vlan(o.parent(), lower, o.vlan(), options); // INVALID outside 1-4094
        try {
            create(vlan);
        } catch (KernelException e) {
            throw e.kind() == dev.jnet.error.ErrorKind.UNAVAILABLE ? new JnetException(e.kind(), "network " + network.name()
                    + " needs the 802.1Q sub-interface " + o.parent() + ": " + e.getMessage() + "; load the 8021q module,"
                    + " or create " + o.parent() + " yourself, or use " + lower + " as the parent", e) : e;
        }
        return true;
    }

    /**
     * Makes a parent and its mark, or nothing: a link made whose mark could not be set goes again. One that
     * another tool made meanwhile (EEXIST) is not jnet's and stays.
     */
    private void create(LinkSpec spec) {
        try {
            kernel.host().links().create(spec);
        } catch (KernelException e) {
            if (!e.is(dev.jnet.kernel.Errno.EEXIST)) {
                kernel.host().links().deleteIfPresent(spec.name());
            }
            throw e;
        }
    }

    /** Removes the parent if this network's jnet made it. */
    void removeIfMade(Network network, ChildOptions o) {
        Optional<Link> link = kernel.host().links().find(o.parent());
        if (link.isPresent() && link.get().alias().equals(mark(network))) {
            kernel.host().links().deleteIfPresent(o.parent());
        }
    }

    /** What is missing of the network's parent, if anything. */
    Optional<String> drift(Network network, ChildOptions o) {
        Optional<Link> link = kernel.host().links().find(o.parent());
        return link.isPresent() ? Optional.empty()
                : Optional.of("parent interface " + o.parent() + " of network " + network.name() + " is missing");
    }

    static String mark(Network network) {
        return Driver.OWNER_MARK + "network:" + network.id();
    }
}
