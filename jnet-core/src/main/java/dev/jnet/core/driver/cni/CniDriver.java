package dev.jnet.core.driver.cni;

import dev.jnet.core.driver.Capabilities;
import dev.jnet.core.driver.Driver;
import dev.jnet.core.driver.JoinRequest;
import dev.jnet.core.driver.JoinResult;
import dev.jnet.core.driver.NetworkPlan;
import dev.jnet.core.driver.Options;
import dev.jnet.core.driver.SandboxLink;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.JoinRecord;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.PortBinding;
import dev.jnet.core.model.Scope;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.net.IpFormat;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code cni} driver: a network is a CNI configuration list ({@code -o cni.conflist=PATH or NAME}),
 * read and checked when the network is created and kept with it. A connect runs the list's ADD chain on the
 * sandbox's namespace; the plugins make, address and route the interface themselves (their IPAM, not jnet's,
 * gives the address), and jnet keeps the result for DEL (disconnect) and CHECK (reconciliation). Published
 * ports and requested addresses reach plugins that declare the {@code portMappings} and {@code ips}
 * capabilities, and the endpoint's MAC those that declare {@code mac}. The embedded DNS answers for its
 * endpoints as on any user-defined network.
 */
public final class CniDriver implements Driver {
    private static final System.Logger LOG = System.getLogger(CniDriver.class.getName());
    public static final String NAME = "cni";
    static final String CONFLIST = "cni.conflist";
    static final String CONFIG = "cni.config";
    static final String RESULT = "cni.result";
    static final String RUNTIME = "cni.runtimeConfig";
    private static final Capabilities CAPABILITIES = new Capabilities(Scope.LOCAL, Scope.LOCAL, true, false, true, false,
            Capabilities.Namespace.OWN, false, true, false);

    private final Kernel kernel;
    private final CniSettings settings;
    private final PluginRunner runner;
    private final Chain chain;
    private final Map<NetworkId, ConfList> lists = new ConcurrentHashMap<>();

    public CniDriver(Kernel kernel, CniSettings settings) {
        this.kernel = kernel;
        this.settings = settings;
        this.runner = new PluginRunner(kernel, settings);
        this.chain = new Chain(runner);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    /** Reads the list and finds every plugin's executable now, so that a bad list makes no network. */
    @Override
    public NetworkPlan plan(NetworkId id, NetworkSpec spec) {
        Options options = new Options(spec.options());
        options.onlyKnown("", Set.of(CONFLIST));
        String named = options.string(CONFLIST, "");
        if (named.isEmpty()) {
            throw JnetException.invalid("a cni network needs option " + CONFLIST + " (-o " + CONFLIST
                    + "=PATH, or the name of a list in " + settings.confDirs() + ")");
        }
        if (spec.internal()) {
            throw JnetException.invalid("a cni network cannot be --internal: what its sandboxes reach is its plugins'"
                    + " doing (leave out a gateway in the list's IPAM, or add the firewall plugin)");
        }
        ConfList list = ConfList.load(named, settings.confDirs());
        for (int i = 0; i < list.plugins().size(); i++) {
            runner.executable(list.type(i));
        }
        Map<String, String> data = Map.of(CONFLIST, named, CONFIG, list.json());
        return new NetworkPlan() {
            @Override
            public IpamNeeds ipamNeeds(boolean ipv6) {
                return IpamNeeds.NONE;
            }

            @Override
            public Map<String, String> data() {
                return data;
            }
        };
    }

    @Override
    public void createNetwork(Network network, NetworkPlan plan) {
        lists.put(network.id(), list(network));
    }

    @Override
    public void deleteNetwork(Network network) {
        lists.remove(network.id());
    }

    private ConfList list(Network network) {
        return lists.computeIfAbsent(network.id(), id -> ConfList.parse(network.driverData().getOrDefault(CONFIG, ""),
                "the list kept with network " + network.name()));
    }

    @Override
    public JoinResult join(JoinRequest request) {
        Network network = request.network();
        Endpoint endpoint = request.endpoint();
        if (request.leaveInHost()) {
            throw JnetException.invalid("a cni network's plugins configure the interface inside the sandbox; sandbox "
                    + endpoint.name() + " is configured by its runtime");
        }
        ConfList list = list(network);
        boolean rejoin = endpoint.joined().isPresent();
        List<PortBinding> ports = ports(request, list, rejoin);
        try {
            Map<String, Object> runtime = runtimeConfig(list, endpoint, ports, rejoin, network);
            Invocation invocation = invocation(network, endpoint, request.sandbox());
            JsonNode result = chain.add(list, invocation, runtime);
            String what = "the CNI result of network " + network.name();
            try {
                AddResult added = AddResult.of(result, endpoint.interfaceName(), what);
                if (kernel.in(request.sandbox()).links().find(endpoint.interfaceName()).isEmpty()) {
                    throw new JnetException(ErrorKind.UNAVAILABLE, "the CNI plugins of network " + network.name()
                            + " made no interface " + endpoint.interfaceName() + " in the sandbox");
                }
                requested(endpoint, added, rejoin, network);
                Map<String, String> data = Map.of(RESULT, result.toString(), RUNTIME, ConfList.JSON.writeValueAsString(runtime));
                JoinRecord record = new JoinRecord(added.gateway4(), added.gateway6(), List.of(), false, data);
                return new JoinResult(List.of(SandboxLink.configured(endpoint.interfaceName())), record, added.ipv4(),
                        added.ipv6(), ports, added.mac());
            } catch (RuntimeException e) {
                chain.del(list, invocation, runtime, Optional.of(result));
                throw e;
            }
        } catch (RuntimeException e) {
            if (!rejoin) {
                request.hostPorts().release(ports);
            }
            throw e;
        }
    }

    private List<PortBinding> ports(JoinRequest request, ConfList list, boolean rejoin) {
        if (rejoin) {
            return request.endpoint().ports();
        }
        if (request.publish().isEmpty()) {
            return List.of();
        }
        if (!list.declares("portMappings")) {
            throw JnetException.invalid("ports cannot be published on network " + request.network().name()
                    + ": no plugin of its CNI list declares the portMappings capability (portmap does)");
        }
        return request.hostPorts().reserve(request.publish(), InetAddress.ofLiteral("0.0.0.0"));
    }

    /** The {@code runtimeConfig} the plugins may read: port mappings, requested addresses, the MAC. */
    private static Map<String, Object> runtimeConfig(ConfList list, Endpoint endpoint, List<PortBinding> ports,
                                                     boolean rejoin, Network network) {
        Map<String, Object> runtime = new LinkedHashMap<>();
        if (!ports.isEmpty()) {
            List<Map<String, Object>> mappings = new ArrayList<>();
            for (PortBinding p : ports) {
                Map<String, Object> mapping = new LinkedHashMap<>();
                mapping.put("hostPort", p.hostPort());
                mapping.put("containerPort", p.containerPort());
                mapping.put("protocol", p.protocol().toString().toLowerCase(java.util.Locale.ROOT));
                if (!p.anyHostAddress()) {
                    mapping.put("hostIP", IpFormat.format(p.hostIp()));
                }
                mappings.add(mapping);
            }
            runtime.put("portMappings", mappings);
        }
        List<String> ips = new ArrayList<>();
        endpoint.ipv4().ifPresent(a -> ips.add(IpFormat.format(a.address())));
        endpoint.ipv6().ifPresent(a -> ips.add(IpFormat.format(a.address())));
        if (!ips.isEmpty() && list.declares("ips")) {
            runtime.put("ips", ips);
        } else if (!ips.isEmpty() && !rejoin) {
            throw JnetException.invalid("network " + network.name() + " cannot give a requested address: no plugin of"
                    + " its CNI list declares the ips capability (host-local does)");
        }
        if (list.declares("mac")) {
            runtime.put("mac", endpoint.mac().toString());
        }
        return runtime;
    }

    /** A requested address the plugins did not give is a failure (a plugin may ignore runtimeConfig). */
    private static void requested(Endpoint endpoint, AddResult added, boolean rejoin, Network network) {
        if (rejoin) {
            return;
        }
        for (var pair : List.of(Map.entry(endpoint.ipv4(), added.ipv4()), Map.entry(endpoint.ipv6(), added.ipv6()))) {
            if (pair.getKey().isPresent() && !pair.getValue().map(a -> a.address().equals(pair.getKey().get().address()))
                    .orElse(false)) {
                throw JnetException.invalid("the CNI plugins of network " + network.name() + " did not give the requested"
                        + " address " + IpFormat.format(pair.getKey().get().address()));
            }
        }
    }

    private static Invocation invocation(Network network, Endpoint endpoint, NetNs sandbox) {
        return new Invocation(endpoint.sandbox().value(), sandbox.path(), endpoint.interfaceName(), network.name());
    }

    /** DEL through the list, newest plugin first, with the stored result; then the interface if it is left. */
    @Override
    public void leave(Network network, Endpoint endpoint, NetNs sandbox) {
        Map<String, String> data = endpoint.joinRecord().driverData();
        chain.del(list(network), invocation(network, endpoint, sandbox), runtime(data), stored(data, RESULT));
        try {
            kernel.in(sandbox).links().deleteIfPresent(endpoint.interfaceName());
        } catch (RuntimeException e) {
            // the sandbox's namespace is gone with its interface
        }
    }

    /** The runtimeConfig the endpoint's ADD was given, for its DEL and CHECK. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> runtime(Map<String, String> data) {
        return stored(data, RUNTIME).map(r -> (Map<String, Object>) ConfList.JSON.convertValue(r, Map.class)).orElse(Map.of());
    }

    private static Optional<JsonNode> stored(Map<String, String> data, String key) {
        String text = data.get(key);
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ConfList.JSON.readTree(text));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean ensureNetwork(Network network) {
        return false; // a CNI network has no objects of its own: its plugins make them per connect
    }

    /** The interface is there and, for lists of CNI 0.4.0 and later, CHECK passes with the stored result. */
    @Override
    public boolean isJoined(Network network, Endpoint endpoint, NetNs sandbox) {
        if (kernel.in(sandbox).links().find(endpoint.interfaceName()).isEmpty()) {
            return false;
        }
        ConfList list = list(network);
        Optional<JsonNode> result = stored(endpoint.joinRecord().driverData(), RESULT);
        if (!list.checks() || result.isEmpty()) {
            return true;
        }
        try {
            chain.check(list, invocation(network, endpoint, sandbox), runtime(endpoint.joinRecord().driverData()), result.get());
            return true;
        } catch (CniError e) {
            LOG.log(System.Logger.Level.WARNING, "endpoint " + endpoint.name() + " of network " + network.name()
                    + " fails CHECK, joining it again: " + e.getMessage());
            return false;
        } catch (JnetException e) { // CHECK could not run (a plugin gone, or too slow): nothing says the endpoint is broken
            LOG.log(System.Logger.Level.WARNING, "endpoint " + endpoint.name() + " of network " + network.name()
                    + " could not be checked: " + e.getMessage());
            return true;
        }
    }

    @Override
    public boolean holdsHostPorts(Network network) {
        return true;
    }
}
