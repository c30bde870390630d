package dev.jnet.daemon.api;

import dev.jnet.core.controller.Controller;
import dev.jnet.core.model.Sandbox;
import dev.jnet.daemon.api.filter.SandboxFilter;
import dev.jnet.daemon.http.Reply;
import dev.jnet.daemon.http.Router;

/** {@code /v1/sandboxes}: create, list, inspect and remove sandboxes, and hand one to another owner process. */
final class SandboxRoutes {
    private final Controller controller;

    SandboxRoutes(Controller controller) {
        this.controller = controller;
    }

    void addTo(Router router) {
        router.add("GET", "/v1/sandboxes", call -> {
            SandboxFilter filter = SandboxFilter.parse(call.query("filters"));
            return Reply.ok(controller.sandboxes().stream()
                    .filter(s -> filter.matches(s, controller.endpointsOf(s), e -> controller.network(e.network().value())))
                    .map(this::json).toList());
        });
        router.add("POST", "/v1/sandboxes", call -> {
            SandboxCreate create = call.optionalBody(SandboxCreate.class).orElse(SandboxCreate.EMPTY);
            return Reply.created(json(controller.createSandbox(create.toSpec())));
        });
        router.add("GET", "/v1/sandboxes/{ref}", call -> Reply.ok(json(controller.sandbox(call.param("ref")))));
        router.add("PUT", "/v1/sandboxes/{ref}/owner", call -> {
            controller.setSandboxOwner(call.param("ref"), call.body(OwnerChange.class).required());
            return Reply.noContent();
        });
        router.add("DELETE", "/v1/sandboxes/{ref}", call -> {
            controller.deleteSandbox(call.param("ref"));
            return Reply.noContent();
        });
        CniPlugin cni = new CniPlugin(controller);
        router.add("POST", "/v1/runtimes/cni", call -> cni.handle(new CniPlugin.Env(call.query("command").orElse(""),
                call.query("containerId").orElse(null), call.query("netns").orElse(null), call.query("ifname").orElse(null),
                call.query("args").orElse(null)), call.optionalBody(CniRequest.class).orElse(CniRequest.NONE)));
        OciHooks hooks = new OciHooks(controller);
        router.add("POST", "/v1/runtimes/oci/hooks/{stage}", call -> {
            hooks.run(call.param("stage"), call.body(OciState.class));
            return Reply.noContent();
        });
    }

    private SandboxJson json(Sandbox sandbox) {
        return SandboxJson.of(sandbox, controller.endpointsOf(sandbox), controller.files());
    }
}
