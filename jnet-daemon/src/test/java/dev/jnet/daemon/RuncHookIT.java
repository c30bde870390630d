package dev.jnet.daemon;

import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.daemon.testing.BusyboxRootfs;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.daemon.testing.TestCgroups;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.TestKernel;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * runc (Debian's 1.1) and crun (1.8) run a busybox container whose OCI hooks are jnet's
 * ({@code contrib/jnet-oci-hook}): the container joins a jnet network at createRuntime, finds a jnet sandbox
 * by name through jnet's resolver and talks TCP to it; after it exits, poststop leaves nothing of it in jnet
 * or the kernel. crun refuses this machine's hybrid cgroups: it runs in a private mount namespace without
 * {@code /sys/fs/cgroup/unified}.
 */
@ExtendWith(NetnsExtension.class)
class RuncHookIT {
    private static final Path RUNC = Path.of("/usr/sbin/runc");
    private static final Path CRUN = Path.of("/usr/bin/crun");
    private static final Path HOOK = Path.of("../contrib/jnet-oci-hook").toAbsolutePath().normalize();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aRuncContainerJoinsAJnetNetworkFindsASandboxByNameAndLeavesNothing(ThrowawayNs ns) throws Exception {
        assumeTrue(Files.isExecutable(RUNC) && Files.isExecutable(BusyboxRootfs.BUSYBOX),
                "runc (Debian's runc) and busybox-static are needed for the OCI hook test");
        containerFindsTheSandboxByName(ns, RUNC);
    }

    @Test
    void aCrunContainerDoesTheSame(ThrowawayNs ns) throws Exception {
        assumeTrue(Files.isExecutable(CRUN) && Files.isExecutable(BusyboxRootfs.BUSYBOX),
                "crun (Debian's crun) and busybox-static are needed for the crun hook test");
        containerFindsTheSandboxByName(ns, CRUN);
    }

    private static void containerFindsTheSandboxByName(ThrowawayNs ns, Path runtime) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.client();
            assertThat(api.post("/v1/networks", "{\"name\": \"web\", \"ipv4\": [{\"subnet\": \"10.93.0.0/24\"}]}").status()).isEqualTo(201);
            JsonNode server = api.post("/v1/sandboxes", "{\"name\": \"srv\"}").json();
            assertThat(api.post("/v1/networks/web/connect", "{\"sandbox\": \"srv\"}").status()).isEqualTo(201);
            CompletableFuture<Void> answered = serveOnce(Path.of(server.path("namespace").asString()));

            Path bundle = bundle(host.directory().resolve("bundle"), host.socket(), "web",
                    "ip=$(nslookup srv | awk '/^Address: /{a=$2} END{print a}'); echo \"srv is $ip\"; nc -w 5 $ip 80");
            Command.Result run = run(runtime, ns, host.directory(), bundle, "c1");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.stdout()).contains("srv is 10.93.0.2").contains("hello from jnet");
            answered.join();
            assertThat(api.get("/v1/sandboxes/oci-c1").status()).as("poststop removed it").isEqualTo(404);
            assertThat(ns.ipLinkNames().stream().filter(n -> n.startsWith("veth"))).as("its veth went too: srv's is left")
                    .hasSize(1);
        }
    }

    @Test
    void aBadAnnotationStopsTheCreateWithJnetsWordsAndLeavesNothing(ThrowawayNs ns) throws Exception {
        assumeTrue(Files.isExecutable(RUNC) && Files.isExecutable(BusyboxRootfs.BUSYBOX),
                "runc (Debian's runc) and busybox-static are needed for the OCI hook test");
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            Path bundle = bundle(host.directory().resolve("bundle"), host.socket(), "nosuch", "echo never");
            Command.Result run = run(RUNC, ns, host.directory(), bundle, "c2");

            assertThat(run.exitCode()).isNotZero();
            assertThat(run.stderr()).contains("jnet: network nosuch not found");
            assertThat(run.stdout()).doesNotContain("never");
            assertThat(host.client().get("/v1/sandboxes/oci-c2").status()).isEqualTo(404);
        }
    }

    /** A busybox bundle running {@code script}, with jnet's hooks and the network annotation. */
    private static Path bundle(Path dir, Path socket, String network, String script) throws IOException {
        BusyboxRootfs.make(dir.resolve("rootfs"));
        Command.run(new ProcessBuilder("runc", "spec").directory(dir.toFile())).orFail(List.of("runc", "spec"));
        ObjectNode config = (ObjectNode) JSON.readTree(Files.readString(dir.resolve("config.json")));
        ObjectNode process = (ObjectNode) config.get("process");
        process.put("terminal", false);
        process.set("args", JSON.valueToTree(List.of("sh", "-c", script)));
        ((ObjectNode) config.get("root")).put("readonly", false);
        ((ObjectNode) config.get("linux")).put("cgroupsPath", cgroupParent() + "/" + dir.getFileName());
        Map<String, Object> hook = Map.of("path", HOOK.toString(), "args", List.of("jnet-oci-hook", "createRuntime"),
                "env", List.of("JNET_SOCKET=" + socket, "PATH=/usr/bin:/bin"));
        Map<String, Object> poststop = Map.of("path", HOOK.toString(), "args", List.of("jnet-oci-hook", "poststop"),
                "env", List.of("JNET_SOCKET=" + socket, "PATH=/usr/bin:/bin"));
        // prestart too, as a spec may name jnet's hook at both stages: the second finds the container set up
        Map<String, Object> prestart = Map.of("path", HOOK.toString(), "args", List.of("jnet-oci-hook", "prestart"),
                "env", List.of("JNET_SOCKET=" + socket, "PATH=/usr/bin:/bin"));
        config.set("hooks", JSON.valueToTree(Map.of("createRuntime", List.of(hook), "prestart", List.of(prestart),
                "poststop", List.of(poststop))));
        config.set("annotations", JSON.valueToTree(Map.of("dev.jnet.network", network)));
        Files.writeString(dir.resolve("config.json"), JSON.writeValueAsString(config));
        return dir;
    }

    /**
     * {@code RUNTIME run} in the fake host, its state in the test's directory; its cgroups removed after. crun
     * runs in a private mount namespace without the unified cgroup hierarchy, which it refuses beside v1's here.
     */
    private static Command.Result run(Path runtime, ThrowawayNs ns, Path dir, Path bundle, String id) {
        List<String> run = List.of(runtime.toString(), "--root", dir.resolve(runtime.getFileName()).toString(), "run",
                "--bundle", bundle.toString(), id);
        List<String> command = new java.util.ArrayList<>(List.of("nsenter", "--net=" + ns.ns().path()));
        if (runtime.equals(CRUN)) {
            command.addAll(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                    "if mountpoint -q /sys/fs/cgroup/unified; then umount /sys/fs/cgroup/unified; fi; exec \"$@\"", "sh"));
        }
        command.addAll(run);
        try {
            return Command.run(command);
        } finally {
            removeCgroups();
        }
    }

    private static String cgroupParent() {
        return TestCgroups.name("runc");
    }

    private static void removeCgroups() {
        TestCgroups.clean(cgroupParent());
    }

    /** A listener in the sandbox's namespace on port 80 that answers one connection with a line. */
    private static CompletableFuture<Void> serveOnce(Path namespace) {
        ServerSocket listener = TestKernel.executor().call(new dev.jnet.kernel.netns.NetNs("srv", namespace),
                () -> new ServerSocket(80, 4));
        // A thread of its own: the common pool (one thread on two cores) also reads the test's processes' output.
        CompletableFuture<Void> served = new CompletableFuture<>();
        Thread.ofVirtual().name("srv").start(() -> {
            try (listener; Socket s = listener.accept(); OutputStream out = s.getOutputStream()) {
                out.write("hello from jnet\n".getBytes(StandardCharsets.UTF_8));
                served.complete(null);
            } catch (IOException e) {
                served.completeExceptionally(e);
            }
        });
        return served;
    }
}
