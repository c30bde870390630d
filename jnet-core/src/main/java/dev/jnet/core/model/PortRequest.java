package dev.jnet.core.model;

import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * A request to publish ports, as Docker's {@code -p}:
 * {@code [hostIP:][hostPort[-range]:]containerPort[-range][/tcp|udp|sctp]}. A host port of 0 asks for a
 * free port from the host's ephemeral range; a host range with one container port asks for one free port
 * of that range; a host range with a container range maps them pairwise.
 *
 * @param hostIp the host address; empty means every address ({@code 0.0.0.0}, or the network's default)
 * @param hostFirst first host port, 0 when none was given
 * @param hostLast last host port, 0 when none was given
 */
public record PortRequest(PortBinding.Protocol protocol, Optional<InetAddress> hostIp, int hostFirst, int hostLast,
                          int containerFirst, int containerLast) {
    public PortRequest {
        checkPort(containerFirst, "container port");
        checkPort(containerLast, "container port");
        if (containerLast < containerFirst || hostLast < hostFirst) {
            throw JnetException.invalid("a port range must not end before it starts");
        }
        if (hostFirst != 0) {
            checkPort(hostFirst, "host port");
            int hosts = hostLast - hostFirst + 1;
            int containers = containerLast - containerFirst + 1;
            if (containers > 1 && hosts != containers) {
                throw JnetException.invalid("host ports " + hostFirst + "-" + hostLast + " and container ports "
                        + containerFirst + "-" + containerLast + " are ranges of different lengths");
            }
        }
    }

    /**
     * Requests for the same ports as {@code bindings} (host ports as chosen then), to publish them again
     * elsewhere: an address-wide binding (of either family) asks for every address, as its request did.
     */
    public static List<PortRequest> republishing(List<PortBinding> bindings) {
        return bindings.stream().map(b -> new PortRequest(b.protocol(), b.anyHostAddress() ? Optional.empty()
                : Optional.of(b.hostIp()), b.hostPort(), b.hostPort(), b.containerPort(), b.containerPort())).distinct().toList();
    }

    /** Parses Docker's {@code -p} syntax; the error names the part that is wrong. */
    public static PortRequest parse(String spec) {
        try {
            return parseChecked(spec == null ? "" : spec.strip());
        } catch (JnetException e) {
            throw JnetException.invalid("invalid published port '" + spec + "': " + e.getMessage()
                    + " (expected [hostIP:][hostPort[-range]:]containerPort[-range][/tcp|udp|sctp])");
        }
    }

    private static PortRequest parseChecked(String spec) {
        String rest = spec;
        PortBinding.Protocol protocol = PortBinding.Protocol.TCP;
        int slash = rest.lastIndexOf('/');
        if (slash >= 0) {
            protocol = PortBinding.Protocol.parse(rest.substring(slash + 1));
            rest = rest.substring(0, slash);
        }
        Optional<InetAddress> hostIp = Optional.empty();
        if (rest.startsWith("[")) {
            int close = rest.indexOf("]:");
            if (close < 0) {
                throw JnetException.invalid("an IPv6 host address in brackets must be followed by ':'");
            }
            hostIp = Optional.of(address(rest.substring(1, close)));
            rest = rest.substring(close + 2);
        }
        String[] parts = rest.split(":", -1);
        if (hostIp.isPresent() && parts.length != 2) {
            throw JnetException.invalid("after [address]: expected hostPort:containerPort");
        }
        if (parts.length > 3) { // an IPv6 address without brackets: the last two parts are the ports
            String address = rest.substring(0, rest.lastIndexOf(':', rest.lastIndexOf(':') - 1));
            parts = new String[] {address, parts[parts.length - 2], parts[parts.length - 1]};
        }
        if (parts.length == 3) {
            hostIp = Optional.of(address(parts[0]));
        }
        int[] container = range(parts[parts.length - 1], "container port");
        int[] host = parts.length == 1 || parts[parts.length - 2].isEmpty() || parts[parts.length - 2].equals("0")
                ? new int[] {0, 0} : range(parts[parts.length - 2], "host port"); // 0: any free port, as in Docker
        return new PortRequest(protocol, hostIp, host[0], host[1], container[0], container[1]);
    }

    private static InetAddress address(String text) {
        if (text.isEmpty()) {
            throw JnetException.invalid("the host address is empty");
        }
        if (text.contains("%")) {
            throw JnetException.invalid("a scoped address (" + text + ") cannot be a host address");
        }
        return Cidr.parseAddress(text);
    }

    private static int[] range(String text, String what) {
        String[] ends = text.split("-", -1);
        if (ends.length > 2) {
            throw JnetException.invalid(what + " '" + text + "' is not a port or a range");
        }
        int first = number(ends[0], what);
        return new int[] {first, ends.length == 2 ? number(ends[1], what) : first};
    }

    private static int number(String text, String what) {
        if (!text.matches("[0-9]{1,5}")) {
            throw JnetException.invalid(what + " '" + text + "' is not a number");
        }
        int port = Integer.parseInt(text);
        checkPort(port, what);
        return port;
    }

    static void checkPort(int port, String what) {
        if (port < 1 || port > 65535) {
            throw JnetException.invalid(what + " " + port + " is outside 1-65535");
        }
    }

    /** Number of container ports this request publishes. */
    public int size() {
        return containerLast - containerFirst + 1;
    }
}
