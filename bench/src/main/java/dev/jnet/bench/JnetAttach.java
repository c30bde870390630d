package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;
import dev.jnet.net.IfName;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * jnet: one {@code POST /v1/networks/NET/connect} per container, on a kept-alive connection to jnetd,
 * as a runtime would call it. Each run gets a fresh network (its own /16) and fresh sandboxes, made
 * through the API beforehand; afterwards the sandboxes (which disconnects them) and the network are
 * removed through the API too, by {@code prepareClients} clients at once (not timed).
 *
 * <p>The network is a bridge, or with {@link AttachDriver#MACVLAN} ({@code jnet-macvlan}) a macvlan network
 * (mode bridge, the subnet's first address as its gateway) whose parent is a veth made for the run in
 * jnetd's fake host ({@code jmvSECOND}, after the subnet; jnet takes one network per parent) and deleted
 * after the network.
 *
 * <p>The method {@code jnet-pinning} measures what pinning addresses to ports costs: each run gets two
 * bridge networks, one with pinned addresses (the default) and one with {@code dev.jnet.bridge.pin_addresses=false},
 * and connects alternate between them (even containers pinned, odd ones not), so that both see the same
 * machine from one connect to the next.
 */
final class JnetAttach implements AttachMethod {
    /** Subnets 10.SECOND.0.0/16 for the runs' networks, SECOND counting up from here. */
    private static final int FIRST_SECOND_OCTET = 100;

    private final JnetdUnderTest jnetd;
    private final NetnsExecutor executor;
    private final int prepareClients;
    private final AttachDriver driver;
    private final boolean alternating;
    private final AtomicInteger subnets;

    /**
     * {@code subnets} counts the subnets taken by every JnetAttach of this jnetd; {@code alternating}
     * ({@code jnet-pinning}) only with the bridge driver.
     */
    JnetAttach(JnetdUnderTest jnetd, NetnsExecutor executor, int prepareClients, AttachDriver driver,
               boolean alternating, AtomicInteger subnets) {
        if (alternating && driver != AttachDriver.BRIDGE) {
            throw new IllegalArgumentException("jnet-pinning compares bridge networks only");
        }
        this.jnetd = jnetd;
        this.executor = executor;
        this.prepareClients = prepareClients;
        this.driver = driver;
        this.alternating = alternating;
        this.subnets = subnets;
    }

    @Override
    public String name() {
        return alternating ? "jnet-pinning" : "jnet" + driver.suffix();
    }

    /** Whether container {@code index} of a {@code jnet-pinning} run goes to the pinned network. */
    static boolean pinned(int index) {
        return index % 2 == 0;
    }

    @Override
    public Trial prepare(String label, int containers) {
        JnetTrial trial = new JnetTrial(containers);
        try {
            trial.createNetworks(label);
            trial.createSandboxes(label);
        } catch (RuntimeException e) {
            trial.close();
            throw e;
        }
        return trial;
    }

    private int nextSecondOctet() {
        int second = FIRST_SECOND_OCTET + subnets.getAndIncrement();
        if (second > 255) {
            throw new BenchmarkException("too many runs for one jnetd: out of 10.x.0.0/16 subnets");
        }
        return second;
    }

    private final class JnetTrial implements Trial {
        private final List<String> networks = new ArrayList<>();
        private final String[] sandboxIds;
        private final NetNs[] namespaces;
        private final AtomicReferenceArray<String> addresses;
        private Optional<MacvlanParent> parent = Optional.empty();

        JnetTrial(int containers) {
            this.sandboxIds = new String[containers];
            this.namespaces = new NetNs[containers];
            this.addresses = new AtomicReferenceArray<>(containers);
        }

        void createNetworks(String label) {
            List<String> names = alternating ? List.of(label, label + "-unpinned") : List.of(label);
            try (JnetdClient client = new JnetdClient(jnetd.socket())) {
                for (String network : names) {
                    int second = nextSecondOctet();
                    if (driver == AttachDriver.MACVLAN) {
                        parent = Optional.of(MacvlanParent.create(executor, jnetd.host(), IfName.of("jmv" + second)));
                    }
                    client.postOk("/v1/networks", createBody(network, second, network.equals(label)));
                    networks.add(network);
                }
            }
        }

        private String createBody(String network, int second, boolean pinned) {
            return switch (driver) {
                case BRIDGE -> """
                        {"name": "%s", "driver": "bridge", "ipv4": [{"subnet": "10.%d.0.0/16"}],
                         "options": {"dev.jnet.bridge.pin_addresses": "%s"}}""".formatted(network, second, pinned);
                case MACVLAN -> """
                        {"name": "%s", "driver": "macvlan", "ipv4": [{"subnet": "10.%d.0.0/16", "gateway": "10.%d.0.1"}],
                         "options": {"parent": "%s", "macvlan_mode": "bridge"}}"""
                        .formatted(network, second, second, parent.orElseThrow().name().value());
            };
        }

        void createSandboxes(String label) {
            Parallel.forEach(sandboxIds.length, prepareClients, () -> new JnetdClient(jnetd.socket()), (client, i) -> {
                JsonNode sandbox = client.postOk("/v1/sandboxes", "{\"name\": \"%s-%d\"}".formatted(label, i));
                sandboxIds[i] = sandbox.path("id").asString();
                namespaces[i] = NetNs.at(Path.of(sandbox.path("namespace").asString()));
            });
        }

        @Override
        public List<NetNs> containers() {
            return Collections.unmodifiableList(Arrays.asList(namespaces));
        }

        @Override
        public Attacher client() {
            JnetdClient client = new JnetdClient(jnetd.socket());
            return new Attacher() {
                @Override
                public void attach(int index) {
                    String network = networks.get(pinned(index) ? 0 : networks.size() - 1);
                    JnetdClient.Response r = client.post("/v1/networks/" + network + "/connect",
                            "{\"sandbox\": \"" + sandboxIds[index] + "\"}");
                    if (r.status() != 201) {
                        throw new BenchmarkException("connect " + index + ": " + r.status() + " " + r.body());
                    }
                    addresses.set(index, r.json().path("ipv4").asString());
                }

                @Override
                public void close() {
                    client.close();
                }
            };
        }

        @Override
        public String address(int index) {
            return addresses.get(index);
        }

        @Override
        public AttachDriver driver() {
            return driver;
        }

        /**
         * Removes the sandboxes (jnetd disconnects them first) and the networks, through the API, then the
         * macvlan parent; the parent also when a removal before it fails.
         */
        @Override
        public void close() {
            try {
                List<String> made = new ArrayList<>();
                for (String id : sandboxIds) {
                    if (id != null) {
                        made.add(id);
                    }
                }
                Parallel.forEach(made.size(), prepareClients, () -> new JnetdClient(jnetd.socket()),
                        (client, i) -> client.deleteOk("/v1/sandboxes/" + made.get(i)));
                try (JnetdClient client = new JnetdClient(jnetd.socket())) {
                    networks.forEach(network -> client.deleteOk("/v1/networks/" + network));
                }
            } finally {
                parent.ifPresent(MacvlanParent::close);
            }
        }
    }
}
