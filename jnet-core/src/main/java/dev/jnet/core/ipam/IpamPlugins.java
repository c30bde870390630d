package dev.jnet.core.ipam;

import dev.jnet.core.model.IpamSpec;
import dev.jnet.error.JnetException;

/**
 * IPAM drivers other than jnet's own, by name ({@code --ipam-driver}): Docker IPAM plugins, which jnetd
 * finds as it finds network driver plugins. The library on its own has none.
 */
public interface IpamPlugins {
    /** No IPAM driver but jnet's own. */
    IpamPlugins NONE = (spec, stored) -> {
        throw notFound(spec.driver());
    };

    /**
     * The IPAM of driver {@code spec.driver()}, which gives each request {@code spec.options()}. For a new
     * network ({@code stored} false) the plugin is found and activated now, an error saying why it cannot be
     * used; for a stored network the IPAM reaches its plugin only when called (a plugin not there yet makes
     * those calls fail with UNAVAILABLE). NOT_FOUND for a name no plugin has.
     */
    Ipam ipam(IpamSpec spec, boolean stored);

    /** The error for an IPAM driver no one has. */
    static JnetException notFound(String name) {
        return JnetException.notFound("IPAM driver '" + name + "' not found (jnet's own is '" + IpamSpec.DEFAULT_DRIVER
                + "'; others are Docker IPAM plugins)");
    }
}
