package dev.jnet.cli;

import dev.jnet.cli.client.Connect;
import picocli.CommandLine;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code --network} of {@code run} and {@code sandbox create}: a network name, or docker's long form
 * {@code name=NET,ip=IP,ip6=IP,alias=NAME,mac-address=MAC,driver-opt=KEY=VALUE} (alias and driver-opt
 * repeatable) that says how to connect to it.
 */
record NetworkAttachment(String network, InetAddress ipv4, InetAddress ipv6, List<String> aliases, String mac,
                         List<KeyValue> driverOptions, List<String> ports) {
    NetworkAttachment {
        aliases = List.copyOf(aliases);
        driverOptions = List.copyOf(driverOptions);
        ports = List.copyOf(ports);
    }

    NetworkAttachment(String network, InetAddress ipv4, InetAddress ipv6, List<String> aliases, String mac,
                      List<KeyValue> driverOptions) {
        this(network, ipv4, ipv6, aliases, mac, driverOptions, List.of());
    }

    /** The same attachment, publishing these ports ({@code jnet run -p}). */
    NetworkAttachment withPorts(List<String> value) {
        return new NetworkAttachment(network, ipv4, ipv6, aliases, mac, driverOptions, value);
    }

    static NetworkAttachment named(String network) {
        return new NetworkAttachment(network, null, null, List.of(), null, List.of());
    }

    boolean isHost() {
        return network.equals("host");
    }

    /** Whether any connect setting is given besides the network's name. */
    boolean hasSettings() {
        return ipv4 != null || ipv6 != null || !aliases.isEmpty() || mac != null || !driverOptions.isEmpty();
    }

    Connect request(CommandLine cli, String sandbox) {
        return NetworkConnectCommand.request(cli, sandbox, ipv4, ipv6, aliases, mac, driverOptions).withPorts(ports);
    }

    /** Parses a name, or the long form with {@code name=}. */
    static final class Converter implements CommandLine.ITypeConverter<NetworkAttachment> {
        @Override
        public NetworkAttachment convert(String value) {
            if (!value.contains("=")) {
                if (value.isEmpty() || value.contains(",")) {
                    throw new CommandLine.TypeConversionException("'" + value + "' is neither a network name nor name=NET,...");
                }
                return named(value);
            }
            String network = null;
            InetAddress ipv4 = null;
            InetAddress ipv6 = null;
            String mac = null;
            List<String> aliases = new ArrayList<>();
            List<KeyValue> driverOptions = new ArrayList<>();
            Addresses.AddressConverter address = new Addresses.AddressConverter();
            for (String field : value.split(",", -1)) {
                KeyValue pair = KeyValue.parse(field);
                switch (pair.key()) {
                    case "name" -> network = pair.value();
                    case "ip" -> ipv4 = address.convert(pair.value());
                    case "ip6" -> ipv6 = address.convert(pair.value());
                    case "alias" -> aliases.add(pair.value());
                    case "mac-address" -> mac = pair.value();
                    case "driver-opt" -> driverOptions.add(KeyValue.parse(pair.value()));
                    default -> throw new CommandLine.TypeConversionException("unknown field '" + pair.key()
                            + "' in '" + value + "'; fields are name, ip, ip6, alias, mac-address, driver-opt");
                }
            }
            if (network == null || network.isEmpty()) {
                throw new CommandLine.TypeConversionException("'" + value + "' needs name=NETWORK");
            }
            return new NetworkAttachment(network, ipv4, ipv6, aliases, mac, driverOptions);
        }
    }
}
