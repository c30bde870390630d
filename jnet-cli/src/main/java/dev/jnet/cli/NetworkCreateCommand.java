package dev.jnet.cli;

import dev.jnet.cli.client.NetworkCreate;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import picocli.CommandLine;
import dev.jnet.cli.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jnet network create}: a new network; prints its id, and any warning of jnetd's on stderr. */
@Command(name = "create", description = {"Create a network and print its id.",
        "Several --subnet may be given (IPv4 and IPv6); each --gateway, --ip-range and --aux-address goes to "
                + "the subnet that contains it. Without --subnet jnet picks a free IPv4 subnet (and, with --ipv6, "
                + "an IPv6 /64), one that overlaps no route, address or nameserver of the host. A --subnet that"
                + " overlaps a route of the host is taken with a warning on stderr; one that is loopback,"
                + " multicast or holds the host's own address is refused."})
final class NetworkCreateCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "NAME", description = "Name of the network: [a-zA-Z0-9][a-zA-Z0-9_.-]*, at most 128 characters.")
    String name;

    @Option(names = {"-d", "--driver"}, paramLabel = "DRIVER", completionCandidates = Candidates.Drivers.class,
            description = "Driver: bridge (default); macvlan or ipvlan for a network on an existing LAN (-o parent=IFACE,"
                    + " or IFACE.VID for an 802.1Q VLAN; without a parent the network is internal); overlay for a network across the"
                    + " hosts of a cluster (jnetd --cluster-store; one IPv4 subnet, VXLAN; its sandboxes reach out through"
                    + " the host's gateway bridge docker_gwbridge); cni for a network whose connects run a CNI configuration"
                    + " list's plugins (-o cni.conflist=PATH, or a list's name in jnetd's --cni-conf-dir); or the name of a"
                    + " Docker network plugin (its socket in /run/docker/plugins or a spec file, see docs/plugins.md).")
    String driver;

    @Option(names = "--subnet", paramLabel = "CIDR", converter = Addresses.CidrConverter.class,
            description = "Subnet in CIDR form, such as 10.1.0.0/24 or fd00:1::/64 (repeatable).")
    List<Cidr> subnets = new ArrayList<>();

    @Option(names = "--gateway", paramLabel = "IP", converter = Addresses.AddressConverter.class,
            description = "Gateway for the subnet that contains it (repeatable; at most one per subnet).")
    List<InetAddress> gateways = new ArrayList<>();

    @Option(names = "--ip-range", paramLabel = "CIDR", converter = Addresses.CidrConverter.class,
            description = "Allocate addresses from this range of the subnet that contains it (repeatable; at most one per subnet).")
    List<Cidr> ranges = new ArrayList<>();

    @Option(names = "--aux-address", paramLabel = "NAME=IP", converter = Addresses.Aux.Converter.class,
            description = "Reserve an address of a subnet so that it is never handed out (repeatable).")
    List<Addresses.Aux> aux = new ArrayList<>();

    @Option(names = {"-o", "--opt"}, paramLabel = "KEY=VALUE", converter = KeyValue.Converter.class,
            description = "Driver option, such as com.docker.network.bridge.name=br-web or com.docker.network.driver.mtu=1400 (repeatable); "
                    + "dev.jnet.bridge.pin_addresses=false lets sandboxes use other MACs and addresses than theirs; "
                    + "dev.jnet.bridge.multicast_snooping=true makes the bridge send multicast only to the ports that joined the group; "
                    + "macvlan: parent=IFACE, macvlan_mode=bridge|private|vepa|passthru; ipvlan: parent=IFACE, ipvlan_mode=l2|l3|l3s, "
                    + "ipvlan_flag=bridge|private|vepa; overlay: com.docker.network.driver.overlay.vxlanid_list=ID; "
                    + "cni: cni.conflist=PATH|NAME.")
    List<KeyValue> options = new ArrayList<>();

    @Option(names = "--ipam-driver", paramLabel = "DRIVER",
            description = "IPAM driver that gives the subnets and addresses: default (jnet's own), or the name of a"
                    + " Docker IPAM plugin (its socket in /run/docker/plugins or a spec file, see docs/plugins.md).")
    String ipamDriver;

    @Option(names = "--ipam-opt", paramLabel = "KEY=VALUE", converter = KeyValue.Converter.class,
            description = "Option given to the IPAM plugin with each request (repeatable; jnet's own takes none).")
    List<KeyValue> ipamOptions = new ArrayList<>();

    @Option(names = "--label", paramLabel = "KEY[=VALUE]", converter = KeyValue.LabelConverter.class,
            description = "Label to set on the network (repeatable).")
    List<KeyValue> labels = new ArrayList<>();

    @Option(names = "--internal", description = "Restrict external access to the network: no default route out of it.")
    boolean internal;

    @Option(names = "--attachable", description = "Allow sandboxes to be attached to the network (recorded for Docker compatibility).")
    boolean attachable;

    @Option(names = "--ipv6", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Enable IPv6 (--ipv6 or --ipv6=false). Default: enabled when an IPv6 --subnet is given.")
    Boolean ipv6;

    @Option(names = "--ipv4", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Enable IPv4 (default); --ipv4=false makes an IPv6-only network.")
    Boolean ipv4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        NetworkCreate request = request();
        Json created = Main.client(spec).createNetwork(request);
        // As docker prints the warnings of a create: on stderr, so that scripts reading the id are not disturbed.
        for (Json warning : created.path("warnings")) {
            spec.commandLine().getErr().println("WARNING: " + warning.asString());
        }
        spec.commandLine().getErr().flush();
        spec.commandLine().getOut().println(created.path("id").asString());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The API request these options make; a usage error when they do not fit together. */
    NetworkCreate request() {
        Map<String, InetAddress> auxByName = new LinkedHashMap<>();
        aux.forEach(a -> auxByName.put(a.name(), a.address()));
        IpamPairing.Pools pools;
        try {
            pools = IpamPairing.pair(subnets, ranges, gateways, auxByName);
        } catch (JnetException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return new NetworkCreate(name, driver, pools.ipv4(), pools.ipv6(), KeyValue.toMap(options),
                KeyValue.toMap(labels), internal ? Boolean.TRUE : null, attachable ? Boolean.TRUE : null, ipv4, ipv6,
                ipamDriver, KeyValue.toMap(ipamOptions));
    }
}
