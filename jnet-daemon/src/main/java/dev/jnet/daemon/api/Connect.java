package dev.jnet.daemon.api;

import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.PortRequest;
import dev.jnet.error.JnetException;

import java.util.List;
import java.util.Map;

/** The body of {@code POST /v1/networks/{ref}/connect}: which sandbox, and optionally how. */
record Connect(String sandbox, String ipv4, String ipv6, List<String> aliases, String mac,
               Map<String, String> driverOptions, List<String> ports) {
    Connect {
        aliases = Fields.orEmpty(aliases);
        ports = Fields.orEmpty(ports);
        driverOptions = Fields.orEmpty(driverOptions);
    }

    /** The sandbox's name or id; INVALID when the field is missing. */
    String sandboxRef() {
        return required(sandbox);
    }

    ConnectSpec toSpec() {
        return new ConnectSpec(Fields.address("ipv4", ipv4), Fields.address("ipv6", ipv6), aliases,
                Fields.mac("mac", mac), driverOptions, ports.stream().map(PortRequest::parse).toList());
    }

    static String required(String sandbox) {
        if (sandbox == null || sandbox.isEmpty()) {
            throw JnetException.invalid("field \"sandbox\" is required: the name or id of the sandbox");
        }
        return sandbox;
    }
}
