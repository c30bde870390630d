package dev.jnet.daemon.api.docker;

import dev.jnet.cluster.ClusterStatus;
import dev.jnet.core.ipam.PredefinedPool;
import dev.jnet.daemon.api.About;

import java.util.List;

/**
 * The answer of {@code GET /info}: the part of Docker's {@code system.Info} that is true of jnet. jnet's
 * sandboxes count as containers (each one is a live network namespace, so all of them "run"); there are no
 * images, storage driver, runtimes or swarm. On a host in a cluster, {@code ClusterStore} and
 * {@code ClusterAdvertise} say which (as dockerd before version 23 did for its key-value store). A warning says that only the network API is served; others name
 * another firewall's forward chain that drops the traffic of jnet's bridges ({@code docker info} prints them).
 */
record InfoJson(String ID, int Containers, int ContainersRunning, int ContainersPaused, int ContainersStopped,
                int Images, String Driver, List<List<String>> DriverStatus, PluginList Plugins, String KernelVersion,
                String OperatingSystem, String OSType, String Architecture, int NCPU, long MemTotal, String Name,
                List<String> Labels, String ServerVersion, String DockerRootDir, String ClusterStore,
                String ClusterAdvertise, SwarmInfo Swarm,
                List<AddressPool> DefaultAddressPools, List<String> Warnings) {
    static final String WARNING = "WARNING: jnet serves only the network part of the Docker Engine API: containers, images,"
            + " volumes and swarm answer 501; jnet sandboxes stand for containers (see docs/docker-api.md)";

    record PluginList(List<String> Volume, List<String> Network, List<String> Authorization, List<String> Log) {}

    record SwarmInfo(String NodeID, String NodeAddr, String LocalNodeState, boolean ControlAvailable, String Error) {
        static final SwarmInfo INACTIVE = new SwarmInfo("", "", "inactive", false, "");
    }

    record AddressPool(String Base, int Size) {
        static AddressPool of(PredefinedPool pool) {
            return new AddressPool(pool.base().toString(), pool.size());
        }
    }

    /** jnet's own warning, then one per foreign firewall chain that drops jnet's bridges' traffic. */
    private static List<String> warnings(About about) {
        List<String> warnings = new java.util.ArrayList<>(List.of(WARNING));
        about.foreignFirewall().get().blocking().forEach(d -> warnings.add("WARNING: " + d.describe()));
        return warnings;
    }

    static InfoJson of(String id, int sandboxes, About about, HostFacts host, List<PredefinedPool> pools) {
        return new InfoJson(id, sandboxes, sandboxes, 0, 0, 0, "", List.of(),
                new PluginList(List.of(), about.drivers(), List.of(), List.of()), host.kernel(), host.operatingSystem(),
                "linux", host.machine(), host.cpus(), host.memoryBytes(), host.hostname(), List.of(), about.version(),
                about.stateDirectory().toString(), about.cluster().get().map(ClusterStatus::store).orElse(""),
                about.cluster().get().map(ClusterStatus::advertiseAddress).orElse(""), SwarmInfo.INACTIVE, pools.stream().map(AddressPool::of).toList(),
                warnings(about));
    }
}
