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
 * removed through the API too, by {@code prepareClients} clients at once (not timed). The method
 * {@code jnet-unpinned} is the same with {@code dev.jnet.bridge.pin_addresses=false} on the network.
 */
final class JnetAttach implements AttachMethod {
    /** Subnets 10.SECOND.0.0/16 for the runs' networks, SECOND counting up from here. */
    private static final int FIRST_SECOND_OCTET = 100;

    private final JnetdUnderTest jnetd;
    private final int prepareClients;
    private final boolean pinned;
    private final AtomicInteger runs;

    /** {@code runs} counts the runs of every JnetAttach of this jnetd, which share its subnets. */
    JnetAttach(JnetdUnderTest jnetd, int prepareClients, boolean pinned, AtomicInteger runs) {
        this.jnetd = jnetd;
        this.prepareClients = prepareClients;
        this.pinned = pinned;
        this.runs = runs;
    }

    @Override
    public String name() {
        return pinned ? "jnet" : "jnet-unpinned";
    }

    @Override
    public Trial prepare(String label, int containers) {
        int run = runs.getAndIncrement();
        if (FIRST_SECOND_OCTET + run > 255) {
            throw new BenchmarkException("too many runs for one jnetd: out of 10.x.0.0/16 subnets");
        }
        String network = label;
        try (JnetdClient client = new JnetdClient(jnetd.socket())) {
            client.postOk("/v1/networks", """
                    {"name": "%s", "driver": "bridge", "ipv4": [{"subnet": "10.%d.0.0/16"}],
                     "options": {"dev.jnet.bridge.pin_addresses": "%s"}}"""
                    .formatted(network, FIRST_SECOND_OCTET + run, pinned));
        }
        String[] ids = new String[containers];
        NetNs[] namespaces = new NetNs[containers];
        JnetTrial trial = new JnetTrial(network, ids, namespaces, new AtomicReferenceArray<>(containers));
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
        private final String network;
        private final String[] sandboxIds;
        private final NetNs[] namespaces;
        private final AtomicReferenceArray<String> addresses;

        JnetTrial(String network, String[] sandboxIds, NetNs[] namespaces, AtomicReferenceArray<String> addresses) {
            this.network = network;
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

        /** Removes the sandboxes (jnetd disconnects them first) and the network, through the API. */
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
                client.deleteOk("/v1/networks/" + network);
            }
        }
    }
}
