package dev.jnet.core.controller;

import dev.jnet.core.model.SandboxOwner;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A sandbox that lives for a process goes when the process does, also when the controller was down then. */
@ExtendWith(NetnsExtension.class)
class SandboxOwnerTest {
    @Test
    void anOwnerIsAPidAndItsStartTimeSoAReusedPidDoesNotCount() throws Exception {
        SandboxOwner me = SandboxOwner.of(ProcessHandle.current().pid());
        assertThat(me.alive()).isTrue();
        assertThat(new SandboxOwner(me.pid(), me.startTime() + 1).alive()).as("another process with my pid").isFalse();
        Process child = new ProcessBuilder("true").start();
        long pid = child.pid();
        child.waitFor();
        assertThatThrownBy(() -> SandboxOwner.of(pid)).isInstanceOf(JnetException.class)
                .hasMessage("owner pid " + pid + " is not a running process on jnetd's machine");
    }

    @Test
    void theSandboxGoesWhenItsOwnerEndsAndAlsoWhenThatHappenedWhileTheControllerWasDown(ThrowawayNs ns) throws Exception {
        Process first = new ProcessBuilder("sleep", "60").start();
        Process second = new ProcessBuilder("sleep", "60").start();
        try (FakeHost host = new FakeHost(ns)) {
            Controller c = host.controller();
            c.createSandbox(SandboxSpec.named("live").withOwnerPid(first.pid()));
            c.createSandbox(SandboxSpec.named("later").withOwnerPid(second.pid()));
            c.createSandbox(SandboxSpec.named("kept"));
            assertThat(c.sandbox("live").owner().orElseThrow().pid()).isEqualTo(first.pid());

            first.destroyForcibly();
            first.waitFor(10, TimeUnit.SECONDS);
            for (int i = 0; i < 100 && c.sandboxes().stream().anyMatch(s -> s.name().equals("live")); i++) {
                Thread.sleep(100);
            }
            assertThat(c.sandboxes()).extracting(s -> s.name()).containsExactly("kept", "later");

            c.close(); // jnetd is down when the second owner ends
            second.destroyForcibly();
            second.waitFor(10, TimeUnit.SECONDS);
            Controller restarted = host.start();
            for (int i = 0; i < 100 && restarted.sandboxes().size() > 1; i++) {
                Thread.sleep(100);
            }
            assertThat(restarted.sandboxes()).extracting(s -> s.name()).containsExactly("kept");
        } finally {
            first.destroyForcibly();
            second.destroyForcibly();
        }
    }
}
