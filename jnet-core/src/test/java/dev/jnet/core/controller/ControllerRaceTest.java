package dev.jnet.core.controller;

import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(NetnsExtension.class)
class ControllerRaceTest {

    @Test
    void removingASandboxWhileItIsBeingConnectedLeavesNoGhostEndpoint(ThrowawayNs hostNs) throws Exception {
        GatedDriver.Gate gate = new GatedDriver.Gate();
        try (FakeHost host = new FakeHost(hostNs, d -> new GatedDriver(d, gate))) {
            Controller c = host.controller();
            c.createNetwork(NetworkSpec.named("n1"));
            c.createSandbox(SandboxSpec.named("s"));
            gate.close();
            CompletableFuture<Object> connect = CompletableFuture.supplyAsync(() -> c.connect("n1", "s", ConnectSpec.DEFAULT));
            gate.awaitReached(); // the connect holds its locks, half-way through
            CompletableFuture<Void> remove = CompletableFuture.runAsync(() -> c.deleteSandbox("s"));
            Thread.sleep(200);
            gate.open();
            connect.handle((r, e) -> r).get(30, TimeUnit.SECONDS);
            remove.get(30, TimeUnit.SECONDS);

            assertThat(c.sandboxes()).isEmpty();
            assertThat(c.endpointsOf(c.network("n1"))).isEmpty();
            assertThat(hostNs.ipLinkNames()).noneMatch(n -> n.startsWith("veth"));
            c.deleteNetwork("n1");
            assertThat(c.reconcile().changedNothing()).isTrue();
        }
    }
}
