package dev.jnet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files one side of the podman benchmark gives podman, all in its directory {@code DIR}:
 * {@code DIR/etc} (bound over {@code /etc/containers}) with containers.conf, storage.conf (vfs, the
 * graph root in {@code DIR/storage}) and policy.json; {@code DIR/networks}, podman's network configuration
 * directory; {@code DIR/rootfs}, the side's busybox root file system. For jnet's side also the conflist of
 * its network (type {@code jnet}) and the plugin, {@code contrib/jnet-cni}, linked into {@code DIR/plugins}.
 * The containers.conf settings are those this machine needs (root here cannot raise hard limits, and has
 * no systemd to manage cgroups or take events).
 */
final class PodmanConfig {
    private static final List<String> APPLETS = List.of("true", "sh", "sleep", "ip", "awk", "nslookup", "cat");

    private PodmanConfig() {}

    static void write(Path dir, PodmanUnderTest.Backend backend, String network) {
        try {
            for (String d : List.of("etc", "networks", "plugins", "storage", "tmp")) {
                Files.createDirectories(dir.resolve(d));
            }
            BusyboxRootfs.make(rootfs(dir), APPLETS);
            String plugins = switch (backend) {
                case JNET -> "cni_plugin_dirs = [\"%s/plugins\", \"/usr/lib/cni\"]%n".formatted(dir);
                case NETAVARK -> "";
            };
            Files.writeString(dir.resolve("etc").resolve("containers.conf"), """
                    [containers]
                    default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
                    [engine]
                    cgroup_manager = "cgroupfs"
                    events_logger = "file"
                    runtime = "runc"
                    image_copy_tmp_dir = "%1$s/tmp"
                    helper_binaries_dir = ["/usr/lib/podman"]
                    [network]
                    network_backend = "%2$s"
                    network_config_dir = "%1$s/networks"
                    %3$s""".formatted(dir, backend.networkBackend(), plugins));
            Files.writeString(dir.resolve("etc").resolve("storage.conf"), """
                    [storage]
                    driver = "vfs"
                    graphroot = "%s/storage"
                    runroot = "/run/containers/storage"
                    """.formatted(dir));
            Files.writeString(dir.resolve("etc").resolve("policy.json"),
                    "{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}\n");
            if (backend == PodmanUnderTest.Backend.JNET) {
                Files.createSymbolicLink(dir.resolve("plugins").resolve("jnet"),
                        BenchmarkFrame.jnetHome().resolve("contrib").resolve("jnet-cni"));
                Files.writeString(dir.resolve("networks").resolve(network + ".conflist"), """
                        {"cniVersion": "1.0.0", "name": "%s", "plugins": [{"type": "jnet",
                          "capabilities": {"portMappings": true, "aliases": true, "ips": true, "mac": true}}]}
                        """.formatted(network));
            }
        } catch (IOException e) {
            throw new BenchmarkException("write podman's configuration in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The side's own root file system: podman writes mount points for resolv.conf and hosts into it. */
    static Path rootfs(Path dir) {
        return dir.resolve("rootfs");
    }
}
