package dev.jnet.daemon.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/**
 * A CNI call as {@code contrib/jnet-cni} forwards it: the network configuration the runtime gave on stdin
 * (fields a runtime or a chain adds are ignored).
 *
 * @param network the jnet network to join; {@code name} (the CNI network's) when not given
 * @param runtimeConfig what the runtime passes for the capabilities jnet declares: {@code portMappings},
 *     {@code aliases} (a list, or podman's map of network to list), {@code ips}, {@code mac}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record CniRequest(String cniVersion, String name, String type, String network, RuntimeConfig runtimeConfig) {
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RuntimeConfig(List<PortMapping> portMappings, Object aliases, List<String> ips, String mac) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PortMapping(int hostPort, int containerPort, String protocol, String hostIP) {}

    static final CniRequest NONE = new CniRequest(null, null, null, null, null);

    String version() {
        return cniVersion == null || cniVersion.isEmpty() ? CniPlugin.VERSION : cniVersion;
    }

    String jnetNetwork() {
        return network != null && !network.isEmpty() ? network : name;
    }

    RuntimeConfig runtime() {
        return runtimeConfig == null ? new RuntimeConfig(List.of(), null, List.of(), null) : runtimeConfig;
    }

    /** The aliases for {@code cniNetwork}: a plain list, or the entry of podman's map. */
    List<String> aliases(String cniNetwork) {
        Object a = runtime().aliases();
        if (a instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        if (a instanceof Map<?, ?> map && map.get(cniNetwork) instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
