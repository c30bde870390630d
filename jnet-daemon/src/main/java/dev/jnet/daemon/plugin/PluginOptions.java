package dev.jnet.daemon.plugin;

import dev.jnet.core.model.PortBinding;
import dev.jnet.core.model.PortRequest;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the loosely typed option values dockerd sends (maps of JSON values) into jnet's. */
final class PluginOptions {
    private PluginOptions() {}

    /** A map of strings ({@code -o} options): each value as its text. */
    static Map<String, String> strings(Object value, String what) {
        Map<String, String> out = new HashMap<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw JnetException.invalid(what + " must be an object, not " + value);
        }
        map.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }

    static boolean bool(Object value) {
        return value instanceof Boolean b ? b : value != null && Boolean.parseBoolean(String.valueOf(value));
    }

    /**
     * dockerd's {@code com.docker.network.portmap}: {@code [{"Proto": 6, "IP": "", "Port": 80, "HostIP": "",
     * "HostPort": 8080, "HostPortEnd": 8080}]}, protocols as IP protocol numbers.
     */
    static List<PortRequest> portMap(Object value) {
        List<PortRequest> ports = new ArrayList<>();
        if (!(value instanceof List<?> list)) {
            return ports;
        }
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m)) {
                throw JnetException.invalid("a port mapping must be an object, not " + item);
            }
            PortBinding.Protocol protocol = switch (number(m.get("Proto"))) {
                case 6 -> PortBinding.Protocol.TCP;
                case 17 -> PortBinding.Protocol.UDP;
                case 132 -> PortBinding.Protocol.SCTP;
                default -> throw JnetException.invalid("port mapping protocol " + m.get("Proto") + " is not tcp (6), udp (17)"
                        + " or sctp (132)");
            };
            int port = number(m.get("Port"));
            int hostFirst = number(m.get("HostPort"));
            int hostLast = Math.max(hostFirst, number(m.get("HostPortEnd")));
            Optional<java.net.InetAddress> hostIp = Optional.ofNullable(m.get("HostIP")).map(String::valueOf)
                    .filter(ip -> !ip.isEmpty()).map(Cidr::parseAddress);
            ports.add(new PortRequest(protocol, hostIp, hostFirst, hostFirst == 0 ? 0 : hostLast, port, port));
        }
        return ports;
    }

    private static int number(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw JnetException.invalid("'" + value + "' is not a number");
        }
    }
}
