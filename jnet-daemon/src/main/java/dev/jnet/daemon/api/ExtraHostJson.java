package dev.jnet.daemon.api;

import dev.jnet.core.model.ExtraHost;
import dev.jnet.error.JnetException;
import dev.jnet.net.IpFormat;

/** One extra hosts-file line of a sandbox. Requests write it as {@code "name:address"}. */
record ExtraHostJson(String name, String address) {
    static ExtraHostJson of(ExtraHost host) {
        return new ExtraHostJson(host.name(), IpFormat.format(host.address()));
    }

    /** Parses {@code NAME:ADDRESS}; the address may be IPv6 (everything after the first colon). */
    static ExtraHost parse(String field, String entry) {
        int colon = entry.indexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            throw JnetException.invalid(field + ": '" + entry + "' is not NAME:ADDRESS (such as db.local:192.0.2.9)");
        }
        String name = Fields.hostName(field, entry.substring(0, colon));
        return new ExtraHost(name, Fields.address(field, entry.substring(colon + 1)).orElseThrow());
    }
}
