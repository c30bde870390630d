package dev.jnet.daemon.api;

import dev.jnet.core.model.DnsConfig;
import dev.jnet.net.IpFormat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** A sandbox's resolver settings; empty lists mean the host's. */
record DnsJson(List<String> servers, List<String> search, List<String> options) {
    DnsJson {
        servers = Fields.orEmpty(servers);
        search = Fields.orEmpty(search);
        options = Fields.orEmpty(options);
    }

    static DnsJson of(DnsConfig dns) {
        return new DnsJson(dns.servers().stream().map(IpFormat::format).toList(), dns.search(), dns.options());
    }

    DnsConfig toConfig() {
        List<InetAddress> parsed = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            parsed.add(Fields.address("dns.servers[" + i + "]", servers.get(i)).orElseThrow());
        }
        for (int i = 0; i < search.size(); i++) {
            Fields.hostName("dns.search[" + i + "]", search.get(i));
        }
        for (int i = 0; i < options.size(); i++) {
            Fields.resolverOption("dns.options[" + i + "]", options.get(i));
        }
        return new DnsConfig(parsed, search, options);
    }
}
