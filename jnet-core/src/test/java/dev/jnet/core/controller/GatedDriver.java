package dev.jnet.core.controller;

import dev.jnet.core.driver.Attachment;
import dev.jnet.core.driver.Driver;
import dev.jnet.core.driver.Capabilities;
import dev.jnet.core.driver.JoinRequest;
import dev.jnet.core.driver.JoinResult;
import dev.jnet.core.driver.NetworkPlan;
import dev.jnet.core.model.JoinRecord;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.EndpointId;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.rtnl.Link;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** A driver whose {@code join} waits at a gate while one is set: to hold a connect half-way in a race test. */
record GatedDriver(Driver inner, GatedDriver.Gate gate) implements Driver {
    /** The gate: {@link #close} makes joins wait, {@link #open} lets them go. */
    static final class Gate {
        private volatile CountDownLatch latch;
        private final CountDownLatch reached = new CountDownLatch(1);

        void close() {
            latch = new CountDownLatch(1);
        }

        void open() {
            latch.countDown();
        }

        void awaitReached() throws InterruptedException {
            reached.await();
        }

        void pass() {
            CountDownLatch l = latch;
            if (l != null) {
                reached.countDown();
                try {
                    l.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Capabilities capabilities() {
        return inner.capabilities();
    }

    @Override
    public NetworkPlan plan(NetworkId id, NetworkSpec spec) {
        return inner.plan(id, spec);
    }

    @Override
    public void createNetwork(Network network, NetworkPlan plan) {
        inner.createNetwork(network, plan);
    }

    @Override
    public void deleteNetwork(Network network) {
        inner.deleteNetwork(network);
    }

    @Override
    public JoinResult join(JoinRequest request) {
        gate.pass();
        return inner.join(request);
    }

    @Override
    public void leave(Network network, Endpoint endpoint, NetNs sandbox) {
        inner.leave(network, endpoint, sandbox);
    }

    @Override
    public boolean ensureNetwork(Network network) {
        return inner.ensureNetwork(network);
    }

    @Override
    public void reconcileAll(List<Network> networks, List<Endpoint> endpoints) {
        inner.reconcileAll(networks, endpoints);
    }

    @Override
    public void removeShared() {
        inner.removeShared();
    }

    @Override
    public boolean isJoined(Network network, Endpoint endpoint, NetNs sandbox) {
        return inner.isJoined(network, endpoint, sandbox);
    }

    @Override
    public Set<EndpointId> joined(List<Attachment> attachments, List<Link> hostLinks) {
        return inner.joined(attachments, hostLinks);
    }

    @Override
    public JoinRecord restoredJoin(Network network, Endpoint endpoint) {
        return inner.restoredJoin(network, endpoint);
    }

    @Override
    public boolean holdsHostPorts(Network network) {
        return inner.holdsHostPorts(network);
    }

    @Override
    public Optional<NetworkSpec> predefinedNetwork() {
        return inner.predefinedNetwork();
    }
}
