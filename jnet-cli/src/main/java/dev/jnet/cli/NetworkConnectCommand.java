package dev.jnet.cli;

import dev.jnet.cli.client.Connect;
import dev.jnet.net.IpFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jnet network connect}: gives a sandbox an interface on a network. */
@Command(name = "connect", description = {"Connect a sandbox to a network.",
        "The sandbox gets its next interface (eth0, eth1, ... in connect order) with an address from the network."})
final class NetworkConnectCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "NETWORK", description = "Network name, id or unique id prefix.")
    String network;

    @Parameters(index = "1", paramLabel = "SANDBOX", description = "Sandbox name, id or unique id prefix.")
    String sandbox;

    @Option(names = "--ip", paramLabel = "IPV4", converter = Addresses.AddressConverter.class,
            description = "Static IPv4 address in one of the network's subnets.")
    InetAddress ipv4;

    @Option(names = "--ip6", paramLabel = "IPV6", converter = Addresses.AddressConverter.class,
            description = "Static IPv6 address in one of the network's subnets.")
    InetAddress ipv6;

    @Option(names = "--alias", paramLabel = "NAME", description = "Another name for the sandbox on this network (repeatable).")
    List<String> aliases = new ArrayList<>();

    @Option(names = "--mac-address", paramLabel = "MAC", description = "MAC address of the interface (default: derived from its IPv4 address, as docker's).")
    String mac;

    @Option(names = "--driver-opt", paramLabel = "KEY=VALUE", converter = KeyValue.Converter.class,
            description = "Endpoint option (repeatable): com.docker.network.endpoint.ifname=NAME names the interface "
                    + "in the sandbox; other com.docker.network.endpoint.* options are refused.")
    List<KeyValue> driverOptions = new ArrayList<>();

    @Option(names = {"-p", "--publish"}, paramLabel = "[IP:][HOSTPORT[-END]:]PORT[-END][/PROTO]",
            description = {"Publish a port of the sandbox on the host (repeatable), as docker's -p: 8080:80, "
                    + "127.0.0.1:5353:53/udp, 9000-9002:7000-7002, or 80 for a free host port from the ephemeral "
                    + "range. Bridge networks, and overlay networks (published by the host's gateway bridge "
                    + "docker_gwbridge, when the sandbox joins its first overlay); not on internal ones."})
    List<String> ports = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Main.client(spec).connect(network, request(spec.commandLine(), sandbox, ipv4, ipv6, aliases, mac, driverOptions)
                .withPorts(ports));
        return 0;
    }

    /** A connect request; a usage error when an address is of the wrong family or the MAC is malformed. */
    static Connect request(CommandLine cli, String sandbox, InetAddress ipv4, InetAddress ipv6, List<String> aliases,
                           String mac, List<KeyValue> driverOptions) {
        if (ipv4 != null && !(ipv4 instanceof Inet4Address)) {
            throw new CommandLine.ParameterException(cli, "--ip takes an IPv4 address; use --ip6 for " + IpFormat.format(ipv4));
        }
        if (ipv6 != null && !(ipv6 instanceof Inet6Address)) {
            throw new CommandLine.ParameterException(cli, "--ip6 takes an IPv6 address; use --ip for " + IpFormat.format(ipv6));
        }
        if (mac != null && !mac.matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}")) {
            throw new CommandLine.ParameterException(cli, "--mac-address '" + mac + "' is not a MAC address such as 02:42:0a:01:00:07");
        }
        return new Connect(sandbox, ipv4 == null ? null : IpFormat.format(ipv4), ipv6 == null ? null : IpFormat.format(ipv6),
                aliases, mac, KeyValue.toMap(driverOptions), List.of());
    }
}
