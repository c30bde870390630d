package dev.jnet.core.controller;

import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static dev.jnet.core.controller.PublishedPortsTest.network;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand sandboxes, each with its own resolver sockets, served by one loop: the thread count does not
 * grow with them. Prints threads and heap so the README can report them.
 */
@ExtendWith(NetnsExtension.class)
class ResolverScaleTest {
    private static final int SANDBOXES = 1000;

    @Test
    void aThousandResolversShareOneThread(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.100.0.0/20"));
            warmUp(c);
            int threadsBefore = threads();
            long heapBefore = heapAfterGc();
            List<Sandbox> boxes = new ArrayList<>();
            for (int i = 0; i < SANDBOXES; i++) {
                Sandbox s = c.createSandbox(SandboxSpec.named("s" + i));
                c.connect("web", s.name(), ConnectSpec.DEFAULT);
                boxes.add(s);
            }
            int threadsAfter = threads();
            long heapAfter = heapAfterGc();
            System.out.printf("resolver scale: %d sandboxes with a resolver; threads %d -> %d; heap after GC %d -> %d MiB%n",
                    SANDBOXES, threadsBefore, threadsAfter, heapBefore >> 20, heapAfter >> 20);

            assertThat(threadsAfter - threadsBefore).as("threads added by 1,000 resolvers").isLessThan(10);
            assertThat(Dig.answers(boxes.getFirst(), "s999")).hasSize(1);
            assertThat(Dig.answers(boxes.get(500), "s0")).hasSize(1);
            assertThat(Dig.answers(boxes.getLast(), "s500")).hasSize(1);
        }
    }

    /** One sandbox first, so that pools and lazily started threads exist before counting. */
    private static void warmUp(Controller c) {
        c.createSandbox(SandboxSpec.named("warm"));
        c.connect("web", "warm", ConnectSpec.DEFAULT);
        c.deleteSandbox("warm");
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
