package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * jnet: one {@code POST /v1/networks/NET/connect} per container, on a kept-alive connection to jnetd,
 * as a runtime would call it. Each run gets a fresh bridge network (its own /16) and fresh sandboxes,
 * made through the API beforehand; afterwards the sandboxes (which disconnects them) and the network are
 * removed through the API too, by {@code prepareClients} clients at once (not timed).
 *
 * <p>The method {@code jnet-pinning} measures what pinning addresses to ports costs: each run gets two
 * networks, one with pinned addresses (the default) and one with {@code dev.jnet.bridge.pin_addresses=false},
 * and connects alternate between them (even containers pinned, odd ones not), so that both see the same
 * machine from one connect to the next.
 */
final class JnetAttach implements AttachMethod {
    /** Subnets 10.SECOND.0.0/16 for the runs' networks, SECOND counting up from here. */
    private static final int FIRST_SECOND_OCTET = 100;

    private final JnetdUnderTest jnetd;
    private final int prepareClients;
    private final boolean alternating;
    private final AtomicInteger subnets;

    /** {@code subnets} counts the subnets taken by every JnetAttach of this jnetd. */
    JnetAttach(JnetdUnderTest jnetd, int prepareClients, boolean alternating, AtomicInteger subnets) {
        this.jnetd = jnetd;
        this.prepareClients = prepareClients;
        this.alternating = alternating;
        this.subnets = subnets;
    }

    @Override
    public String name() {
        return alternating ? "jnet-pinning" : "jnet";
    }

    /** Whether container {@code index} of a {@code jnet-pinning} run goes to the pinned network. */
    static boolean pinned(int index) {
        return index % 2 == 0;
    }

    @Override
    public Trial prepare(String label, int containers) {
        List<String> networks = new ArrayList<>(List.of(label));
        if (alternating) {
            networks.add(label + "-unpinned");
        }
        try (JnetdClient client = new JnetdClient(jnetd.socket())) {
            for (String network : networks) {
                int second = FIRST_SECOND_OCTET + subnets.getAndIncrement();
                if (second > 255) {
                    throw new BenchmarkException("too many runs for one jnetd: out of 10.x.0.0/16 subnets");
                }
                client.postOk("/v1/networks", """
                        {"name": "%s", "driver": "bridge", "ipv4": [{"subnet": "10.%d.0.0/16"}],
                         "options": {"dev.jnet.bridge.pin_addresses": "%s"}}"""
                        .formatted(network, second, network.equals(label)));
            }
        }
        String[] ids = new String[containers];
        NetNs[] namespaces = new NetNs[containers];
        JnetTrial trial = new JnetTrial(networks, ids, namespaces, new AtomicReferenceArray<>(containers));
        try {
            Parallel.forEach(containers, prepareClients, () -> new JnetdClient(jnetd.socket()), (client, i) -> {
                JsonNode sandbox = client.postOk("/v1/sandboxes", "{\"name\": \"%s-%d\"}".formatted(label, i));
                ids[i] = sandbox.path("id").asString();
                namespaces[i] = NetNs.at(Path.of(sandbox.path("namespace").asString()));
            });
        } catch (RuntimeException e) {
            trial.close();
            throw e;
        }
        return trial;
    }

    private final class JnetTrial implements Trial {
        private final List<String> networks;
        private final String[] sandboxIds;
        private final NetNs[] namespaces;
        private final AtomicReferenceArray<String> addresses;

        JnetTrial(List<String> networks, String[] sandboxIds, NetNs[] namespaces, AtomicReferenceArray<String> addresses) {
            this.networks = networks;
            this.sandboxIds = sandboxIds;
            this.namespaces = namespaces;
            this.addresses = addresses;
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

        /** Removes the sandboxes (jnetd disconnects them first) and the networks, through the API. */
        @Override
        public void close() {
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
        }
    }
}
