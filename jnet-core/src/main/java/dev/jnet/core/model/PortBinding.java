package dev.jnet.core.model;

import dev.jnet.net.IpFormat;

import java.net.InetAddress;

/**
 * One published port: traffic to {@code hostIp:hostPort} reaches the endpoint's {@code containerPort}.
 *
 * @param hostIp the host address the port is published on; {@code 0.0.0.0} means every host address
 *               (and, for an endpoint with IPv6, every IPv6 address too), {@code ::} every IPv6 address
 */
public record PortBinding(Protocol protocol, int containerPort, InetAddress hostIp, int hostPort) {
    public PortBinding {
        PortRequest.checkPort(containerPort, "container port");
        PortRequest.checkPort(hostPort, "host port");
    }

    /** Whether the binding covers every host address of its family. */
    public boolean anyHostAddress() {
        return hostIp.isAnyLocalAddress();
    }

    public boolean ipv4Host() {
        return hostIp.getAddress().length == 4;
    }

    /** Docker's spelling: {@code 0.0.0.0:8080->80/tcp}. */
    @Override
    public String toString() {
        String ip = IpFormat.format(hostIp);
        return (ipv4Host() ? ip : "[" + ip + "]") + ":" + hostPort + "->" + containerPort + "/" + protocol;
    }

    /** The transport protocols a port can be published for, in nftables' spelling. */
    public enum Protocol {
        TCP(6), UDP(17), SCTP(132);

        private final int number;

        Protocol(int number) {
            this.number = number;
        }

        /** The IP protocol number (IANA), as nftables' {@code inet_proto} holds it. */
        public int number() {
            return number;
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Parses {@code tcp}, {@code udp} or {@code sctp} in any case; empty means tcp, as in Docker. */
        public static Protocol parse(String value) {
            if (value.isEmpty()) {
                return TCP;
            }
            for (Protocol p : values()) {
                if (p.toString().equalsIgnoreCase(value)) {
                    return p;
                }
            }
            throw dev.jnet.error.JnetException.invalid("unknown protocol '" + value + "': use tcp, udp or sctp");
        }
    }
}
