package dev.jnet.cluster.etcd;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which failures leave a call's outcome unknown, and reads asked again while calls are lost. */
class CallsTest {
    private final Calls calls = new Calls("http://192.0.2.1:2379");

    @Test
    void aCallLostWithItsConnectionOrWithoutALeaderIsNoAnswerAndARefusalIsAnError() {
        assertThat(Calls.isLost(Status.UNKNOWN.withDescription("channel closed").asRuntimeException()))
                .as("a member that died under the call").isTrue();
        assertThat(Calls.isLost(Status.UNAVAILABLE.withDescription("etcdserver: no leader").asRuntimeException())).isTrue();
        assertThat(Calls.isLost(Status.UNKNOWN.withDescription("something else").asRuntimeException())).isFalse();
        assertThat(Calls.isLost(Status.PERMISSION_DENIED.asRuntimeException())).isFalse();
        assertThatThrownBy(() -> calls.await(CompletableFuture.failedFuture(Status.UNKNOWN.withDescription("channel closed")
                .asRuntimeException()), Calls.Deadline.after(java.time.Duration.ofSeconds(1)), "claim /k"))
                .hasMessageContaining("cluster store unreachable: claim /k").hasMessageContaining("channel closed");
        assertThatThrownBy(() -> calls.await(CompletableFuture.failedFuture(Status.PERMISSION_DENIED.asRuntimeException()),
                Calls.Deadline.after(java.time.Duration.ofSeconds(1)), "claim /k")).hasMessageContaining("refused claim /k");
    }

    @Test
    void aLostReadIsAskedAgainUntilItIsAnsweredOrTheDeadlinePasses() {
        AtomicInteger asked = new AtomicInteger();
        String answer = calls.read(() -> asked.incrementAndGet() < 3
                ? CompletableFuture.failedFuture(Status.UNAVAILABLE.asRuntimeException())
                : CompletableFuture.completedFuture("answer"), Calls.Deadline.after(java.time.Duration.ofSeconds(5)), "list /p");
        assertThat(answer).isEqualTo("answer");
        assertThat(asked).hasValue(3);
        long start = System.nanoTime();
        assertThatThrownBy(() -> calls.read(() -> CompletableFuture.failedFuture(Status.UNAVAILABLE.asRuntimeException()),
                Calls.Deadline.after(java.time.Duration.ofMillis(500)), "list /p")).hasMessageContaining("cluster store unreachable");
        assertThat((System.nanoTime() - start) / 1_000_000).as("given up at the deadline").isBetween(300L, 2000L);
    }
}
