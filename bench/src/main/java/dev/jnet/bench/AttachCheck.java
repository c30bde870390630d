package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;
import dev.jnet.kernel.rtnl.Address;
import dev.jnet.kernel.rtnl.Link;
import dev.jnet.kernel.rtnl.RtNetlink;
import dev.jnet.net.IfName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that each attached container really has an {@code eth0} of the driver's kind (a veth on a bridge,
 * a macvlan child) that is up and holds the address the method reported: every container over rtnetlink
 * (jnet's kernel layer, not its controller), and a sample of them with {@code ip -j -d addr} run inside the
 * container through nsenter, an observer independent of jnet. Also checks that no address was handed out
 * twice.
 *
 * @param executor opens netlink sockets inside the containers
 * @param ip the {@code ip} binary
 * @param errors where {@code ip}'s error output goes
 */
record AttachCheck(NetnsExecutor executor, Path ip, Path errors) {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final IfName ETH0 = IfName.of("eth0");
    private static final int SAMPLE = 5;

    /** A one-line summary; throws if an attached container lacks its interface or address. */
    String verify(AttachMethod.Trial trial) {
        List<NetNs> containers = trial.containers();
        List<String> problems = new ArrayList<>();
        List<Integer> attached = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < containers.size(); i++) {
            String address = trial.address(i);
            if (address == null) {
                continue; // its attach failed; counted as a failure already
            }
            attached.add(i);
            if (!distinct.add(address)) {
                problems.add(address + " was given twice");
            }
            int index = i;
            checkOverNetlink(containers.get(i), address, trial.driver())
                    .ifPresent(p -> problems.add("container " + index + ": " + p));
        }
        int sampled = 0;
        for (int k = 0; k < Math.min(SAMPLE, attached.size()); k++) {
            int i = attached.get((int) ((long) k * (attached.size() - 1) / Math.max(1, SAMPLE - 1)));
            checkWithIp(containers.get(i), trial.address(i), trial.driver())
                    .ifPresent(p -> problems.add("ip -j, container " + i + ": " + p));
            sampled++;
        }
        if (!problems.isEmpty()) {
            throw new BenchmarkException(problems.size() + " containers are not as reported: "
                    + String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
        }
        return "checked: %d/%d containers have eth0 (%s) up with their own address (netlink), %d also with ip -j"
                .formatted(attached.size(), containers.size(), trial.driver().interfaceKind(), sampled);
    }

    private Optional<String> checkOverNetlink(NetNs ns, String address, AttachDriver driver) {
        try (RtNetlink rtnl = RtNetlink.open(executor, ns)) {
            Optional<Link> eth0 = rtnl.links().find(ETH0);
            if (eth0.isEmpty()) {
                return Optional.of("no eth0");
            }
            if (!eth0.get().kind().equals(driver.interfaceKind())) {
                return Optional.of("eth0 is a " + eth0.get().kind() + " link, not " + driver.interfaceKind());
            }
            if (!eth0.get().up()) {
                return Optional.of("eth0 is down");
            }
            Set<String> addresses = new TreeSet<>();
            for (Address a : rtnl.addresses().list(ETH0)) {
                addresses.add(a.cidr().toString());
            }
            return addresses.contains(address) ? Optional.empty()
                    : Optional.of("eth0 has " + addresses + ", not " + address);
        }
    }

    private Optional<String> checkWithIp(NetNs ns, String address, AttachDriver driver) {
        List<String> show = List.of(ip.toString(), "-j", "-d", "addr", "show", "dev", "eth0");
        String output = Processes.run(ThrowawayNamespaces.inside(ns, show), errors);
        for (JsonNode link : JSON.readTree(output)) {
            String kind = link.path("linkinfo").path("info_kind").asString();
            if (!kind.equals(driver.interfaceKind())) {
                return Optional.of("ip -j -d shows eth0 as '" + kind + "', not " + driver.interfaceKind());
            }
            boolean up = false;
            for (JsonNode flag : link.path("flags")) {
                up |= flag.asString().equals("UP");
            }
            for (JsonNode a : link.path("addr_info")) {
                if (a.path("family").asString().equals("inet")
                        && (a.path("local").asString() + "/" + a.path("prefixlen").asInt()).equals(address)) {
                    return up ? Optional.empty() : Optional.of("eth0 is not up");
                }
            }
        }
        return Optional.of("ip -j addr shows no " + address + " on eth0: " + output.strip());
    }
}
