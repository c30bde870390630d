package dev.jnet.daemon.api;

import dev.jnet.core.controller.Controller;
import dev.jnet.daemon.http.Reply;
import dev.jnet.daemon.http.Router;

/** jnetd's native API, version 1, as documented in docs/api.md. */
public final class NativeApi {
    private NativeApi() {}

    /**
     * Every v1 route, answered by {@code controller}; {@code events} for the event stream; {@code /metrics};
     * {@code uninstalled}, run after {@code POST /v1/system/uninstall} removed everything, stops jnetd.
     */
    public static Router router(Controller controller, About about, dev.jnet.daemon.events.EventLog events,
                                dev.jnet.daemon.metrics.Metrics metrics, Runnable uninstalled) {
        Router router = new Router();
        router.add("GET", "/v1/_ping", call -> new Reply.Text(200, "OK"));
        // Prometheus scrapes it: the text exposition format, written by the Prometheus Java client
        router.add("GET", "/metrics", call -> new Reply.Text(200,
                new String(metrics.scrape(), java.nio.charset.StandardCharsets.UTF_8)));
        new SystemRoutes(controller, about, uninstalled).addTo(router);
        new NetworkRoutes(controller).addTo(router);
        new SandboxRoutes(controller).addTo(router);
        new EventRoutes(events).addTo(router);
        return router;
    }
}
