package dev.jnet.daemon.api.docker;

import dev.jnet.core.controller.Controller;
import dev.jnet.core.ipam.PredefinedPool;
import dev.jnet.daemon.api.About;
import dev.jnet.daemon.http.Reply;
import dev.jnet.daemon.http.Router;

import java.util.List;
import java.util.Map;

/** {@code /_ping} (GET and HEAD), {@code /version} and {@code /info}: what a Docker client asks first. */
final class SystemRoutes {
    /** The headers dockerd's ping sets; the client reads {@code Api-Version} (on every answer) and {@code Swarm}. */
    private static final Map<String, String> PING_HEADERS = Map.of("Cache-Control", "no-cache, no-store, must-revalidate",
            "Pragma", "no-cache", "Swarm", "inactive", "Docker-Experimental", "false");

    private final Controller controller;
    private final About about;
    private final List<PredefinedPool> pools;
    private final HostFacts host = HostFacts.read();

    SystemRoutes(Controller controller, About about, List<PredefinedPool> pools) {
        this.controller = controller;
        this.about = about;
        this.pools = List.copyOf(pools);
    }

    void addTo(Router router) {
        router.add("GET", "/_ping", call -> new Reply.Text(200, "OK", PING_HEADERS));
        router.add("HEAD", "/_ping", call -> new Reply.Text(200, "", PING_HEADERS));
        router.add("GET", "/version", call -> Reply.ok(VersionJson.of(about, host, ApiVersion.CURRENT.text(), ApiVersion.MINIMUM.text())));
        router.add("GET", "/info", call -> Reply.ok(InfoJson.of(id(), controller.sandboxes().size(), about, host, pools)));
    }

    /** A stable id for this daemon: its state directory's, as dockerd's is its engine id. */
    private String id() {
        return java.util.UUID.nameUUIDFromBytes(about.stateDirectory().toString().getBytes(
                java.nio.charset.StandardCharsets.UTF_8)).toString();
    }
}
