package dev.jnet.daemon.plugin;

import dev.jnet.core.controller.Controller;
import dev.jnet.daemon.http.Reply;
import dev.jnet.daemon.http.Router;

import java.util.List;
import java.util.Map;

/**
 * The remote network driver and IPAM driver protocols' paths, each a POST of JSON (see docs/runtimes.md):
 * what dockerd 20.10 calls to create a network, run a container on it, stop it and remove the network.
 */
public final class PluginRoutes {
    private PluginRoutes() {}

    /**
     * The router of jnetd's plugin socket; the links of global networks are kept in {@code stateDirectory}, and
     * the names of containers on them are read from dockerd's API at {@code engineSocket}.
     */
    public static Router router(Controller controller, java.nio.file.Path stateDirectory, java.nio.file.Path engineSocket) {
        DockerIpam ipam = new DockerIpam(controller);
        DockerPlugin plugin = new DockerPlugin(controller, ipam, PluginLinks.in(stateDirectory),
                new DockerNames(controller, new DockerEngine(engineSocket)));
        Router router = new Router(new PluginFrame());
        router.add("POST", "/Plugin.Activate", call -> Reply.ok(new PluginJson.Activated(List.of("NetworkDriver", "IpamDriver"))));
        router.add("POST", "/NetworkDriver.GetCapabilities", call -> Reply.ok(new PluginJson.Capabilities("local", "local")));
        router.add("POST", "/NetworkDriver.CreateNetwork", call -> {
            plugin.createNetwork(call.body(PluginJson.CreateNetwork.class));
            return nothing();
        });
        router.add("POST", "/NetworkDriver.DeleteNetwork", call -> {
            plugin.deleteNetwork(call.body(PluginJson.NetworkRef.class));
            return nothing();
        });
        router.add("POST", "/NetworkDriver.CreateEndpoint", call -> {
            plugin.createEndpoint(call.body(PluginJson.CreateEndpoint.class));
            return nothing();
        });
        router.add("POST", "/NetworkDriver.DeleteEndpoint", call -> {
            plugin.deleteEndpoint(call.body(PluginJson.EndpointRef.class));
            return nothing();
        });
        router.add("POST", "/NetworkDriver.EndpointOperInfo", call -> Reply.ok(new PluginJson.OperInfo(Map.of())));
        router.add("POST", "/NetworkDriver.Join", call -> Reply.ok(plugin.join(call.body(PluginJson.Join.class))));
        router.add("POST", "/NetworkDriver.Leave", call -> {
            plugin.leave(call.body(PluginJson.EndpointRef.class));
            return nothing();
        });
        // Published ports are programmed at Join, from CreateEndpoint's port map: nothing is left to do here.
        for (String done : List.of("ProgramExternalConnectivity", "RevokeExternalConnectivity", "DiscoverNew", "DiscoverDelete")) {
            router.add("POST", "/NetworkDriver." + done, call -> nothing());
        }
        ipamRoutes(router, ipam);
        return router;
    }

    /** dockerd's remote IPAM calls ({@code --ipam-driver NAME}). */
    private static void ipamRoutes(Router router, DockerIpam ipam) {
        router.add("POST", "/IpamDriver.GetCapabilities", call -> Reply.ok(new PluginJson.IpamCapabilities(false, false)));
        router.add("POST", "/IpamDriver.GetDefaultAddressSpaces", call -> Reply.ok(new PluginJson.AddressSpaces("local", "global")));
        router.add("POST", "/IpamDriver.RequestPool", call -> Reply.ok(ipam.requestPool(call.body(PluginJson.RequestPool.class))));
        router.add("POST", "/IpamDriver.ReleasePool", call -> {
            ipam.releasePool(call.body(PluginJson.PoolRef.class));
            return nothing();
        });
        router.add("POST", "/IpamDriver.RequestAddress", call -> Reply.ok(ipam.requestAddress(call.body(PluginJson.RequestAddress.class))));
        router.add("POST", "/IpamDriver.ReleaseAddress", call -> {
            ipam.releaseAddress(call.body(PluginJson.ReleaseAddress.class));
            return nothing();
        });
    }

    private static Reply nothing() {
        return Reply.ok(Map.of());
    }
}
