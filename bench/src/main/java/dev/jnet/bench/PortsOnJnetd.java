package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;

/**
 * The ports benchmark's calls to jnetd, on one kept-alive connection: its bridge network, the sandboxes
 * that hold the host's existing published ports ({@value #FILL_PORTS} each, one ranged spec), and new
 * sandboxes connected with the ports being timed. Checks every connect's answer lists exactly the
 * bindings asked for.
 */
final class PortsOnJnetd implements AutoCloseable {
    static final String NETWORK = "ports";
    static final String SUBNET = "10.88.0.0/16";
    /** Published ports of each sandbox that makes up the existing ones. */
    static final int FILL_PORTS = 200;
    /** Host ports of the existing published ports start here, one block of FILL_PORTS a sandbox. */
    static final int FILL_FIRST_HOST_PORT = 20_000;
    /** Host ports of the new sandbox's ports start here, above every existing one. */
    static final int NEW_FIRST_HOST_PORT = 40_000;
    /** Container ports of every block start here. */
    static final int FIRST_CONTAINER_PORT = 1000;
    /** As many existing ports as fit below the new sandbox's. */
    static final int MAX_EXISTING = NEW_FIRST_HOST_PORT - FILL_FIRST_HOST_PORT;

    private final JnetdClient client;
    private int fillSandboxes;

    PortsOnJnetd(Path socket) {
        this.client = new JnetdClient(socket);
    }

    /** A sandbox connected to the network: its id, namespace, IPv4 address (without prefix) and connect time. */
    record Connected(String sandboxId, NetNs namespace, String address, long nanos) {}

    void createNetwork() {
        client.postOk("/v1/networks", """
                {"name": "%s", "driver": "bridge", "ipv4": [{"subnet": "%s"}]}""".formatted(NETWORK, SUBNET));
    }

    /** The ports a new sandbox publishes: {@code count} of them from host port 40000 to container port 1000. */
    static PortBlock newBlock(int count) {
        return new PortBlock(NEW_FIRST_HOST_PORT, FIRST_CONTAINER_PORT, count);
    }

    /** Connects sandboxes of {@value #FILL_PORTS} ports each until {@code existing} ports are published. */
    void fillTo(int existing) {
        if (existing % FILL_PORTS != 0 || existing > MAX_EXISTING) {
            throw new IllegalArgumentException("existing ports come in blocks of " + FILL_PORTS + " up to " + MAX_EXISTING);
        }
        while (fillSandboxes * FILL_PORTS < existing) {
            PortBlock block = new PortBlock(FILL_FIRST_HOST_PORT + fillSandboxes * FILL_PORTS, FIRST_CONTAINER_PORT,
                    FILL_PORTS);
            connect(createSandbox("existing-" + fillSandboxes), block.rangeSpec(), block);
            fillSandboxes++;
        }
    }

    /** A fresh sandbox (not timed), connected with {@code block}'s ports as one spec each (timed). */
    Connected connectNew(String name, PortBlock block) {
        return connect(createSandbox(name), block.singleSpecs(), block);
    }

    /** Removes the sandbox, which disconnects it first. */
    void remove(Connected sandbox) {
        client.deleteOk("/v1/sandboxes/" + sandbox.sandboxId());
    }

    /** The new sandbox's Sandbox object. */
    private JsonNode createSandbox(String name) {
        return client.postOk("/v1/sandboxes", "{\"name\": \"%s\"}".formatted(name));
    }

    private Connected connect(JsonNode sandbox, List<String> specs, PortBlock expected) {
        String sandboxId = sandbox.path("id").asString();
        String body = PublishedPorts.connectBody(sandboxId, specs);
        long start = System.nanoTime();
        JnetdClient.Response r = client.post("/v1/networks/" + NETWORK + "/connect", body);
        long nanos = System.nanoTime() - start;
        if (r.status() != 201) {
            throw new BenchmarkException("connect " + sandboxId + " with " + specs.size() + " port specs: " + r.status()
                    + " " + r.body());
        }
        JsonNode endpoint = r.json();
        if (!PublishedPorts.bindings(endpoint).equals(expected.expectedBindings())) {
            throw new BenchmarkException("connect " + sandboxId + " answered ports " + endpoint.path("ports")
                    + ", not the " + expected.count() + " asked for from host port " + expected.firstHostPort());
        }
        NetNs namespace = NetNs.at(Path.of(sandbox.path("namespace").asString()));
        String address = endpoint.path("ipv4").asString().split("/")[0];
        return new Connected(sandboxId, namespace, address, nanos);
    }

    @Override
    public void close() {
        client.close();
    }
}
