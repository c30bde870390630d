package dev.jnet.cli;

import dev.jnet.cli.client.SandboxCreate;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** The options of a new sandbox that {@code sandbox create} and {@code run} share (mixed in). */
final class SandboxOptions {
    @Option(names = "--name", paramLabel = "NAME", description = "Name of the sandbox (default: sb- and the first 12 characters of its id).")
    String name;

    @Option(names = "--hostname", paramLabel = "NAME", description = "Host name inside the sandbox (default: the first 12 characters of its id).")
    String hostname;

    @Option(names = "--dns", paramLabel = "IP", converter = Addresses.AddressConverter.class,
            description = "Name server for the sandbox's resolv.conf (repeatable; default: the host's).")
    List<InetAddress> dns = new ArrayList<>();

    @Option(names = "--dns-search", paramLabel = "DOMAIN", description = "Search domain for the sandbox's resolv.conf (repeatable).")
    List<String> dnsSearch = new ArrayList<>();

    @Option(names = "--dns-option", paramLabel = "OPTION", description = "Resolver option for the sandbox's resolv.conf, such as ndots:2 (repeatable).")
    List<String> dnsOptions = new ArrayList<>();

    @Option(names = "--add-host", paramLabel = "NAME:IP", description = "Add a line to the sandbox's hosts file (repeatable).")
    List<String> extraHosts = new ArrayList<>();

    /** The API request; a usage error when an {@code --add-host} is not NAME:IP. */
    SandboxCreate request(CommandLine cli, boolean hostNetwork) {
        for (String host : extraHosts) {
            checkExtraHost(cli, host);
        }
        List<String> servers = dns.stream().map(dev.jnet.net.IpFormat::format).toList();
        return new SandboxCreate(name, hostname, hostNetwork ? Boolean.TRUE : null,
                new SandboxCreate.Dns(servers, dnsSearch, dnsOptions), extraHosts);
    }

    /** docker's {@code --add-host NAME:IP}: the name ends at the first ':', so the address may be IPv6. */
    static void checkExtraHost(CommandLine cli, String host) {
        int colon = host.indexOf(':');
        if (colon <= 0) {
            throw new CommandLine.ParameterException(cli, "--add-host '" + host + "' is not NAME:IP");
        }
        try {
            new Addresses.AddressConverter().convert(host.substring(colon + 1));
        } catch (CommandLine.TypeConversionException e) {
            throw new CommandLine.ParameterException(cli, "--add-host '" + host + "': " + e.getMessage());
        }
    }
}
