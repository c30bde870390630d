package dev.jnet.core.controller;

import dev.jnet.core.driver.Attachment;
import dev.jnet.core.driver.Driver;
import dev.jnet.core.driver.JoinResult;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.EndpointId;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.rtnl.Link;

import java.net.InetAddress;
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
    public void validate(NetworkSpec spec) {
        inner.validate(spec);
    }

    @Override
    public IpamNeeds ipamNeeds(NetworkSpec spec, boolean ipv6) {
        return inner.ipamNeeds(spec, ipv6);
    }

    @Override
    public void createNetwork(Network network) {
        inner.createNetwork(network);
    }

    @Override
    public void deleteNetwork(Network network) {
        inner.deleteNetwork(network);
    }

    @Override
    public JoinResult join(Network network, Endpoint endpoint, NetNs sandbox) {
        gate.pass();
        return inner.join(network, endpoint, sandbox);
    }

    @Override
    public Optional<InetAddress> gateway(Network network, boolean ipv6) {
        return inner.gateway(network, ipv6);
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
    public boolean isJoined(Network network, Endpoint endpoint, NetNs sandbox) {
        return inner.isJoined(network, endpoint, sandbox);
    }

    @Override
    public Set<EndpointId> joined(List<Attachment> attachments, List<Link> hostLinks) {
        return inner.joined(attachments, hostLinks);
    }
}
