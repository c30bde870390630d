package dev.jnet.daemon.api;

import dev.jnet.core.controller.Controller;
import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxRuntime;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What runc's and crun's hooks ask of jnetd ({@code contrib/jnet-oci-hook} forwards them). At
 * {@code createRuntime} the container's namespace becomes a sandbox {@code oci-ID} owned by the runtime and
 * by the container's process (so that it goes when the process ends, even when no poststop comes), joined
 * to the networks its annotations name; its hosts and resolv.conf are written into the container's root file
 * system. At {@code poststop} the sandbox goes; a second poststop, or one for a container jnet never saw, is
 * no error.
 */
final class OciHooks {
    static final String NETWORKS = "dev.jnet.network";
    static final String IP = "dev.jnet.ip";
    static final String ALIASES = "dev.jnet.aliases";
    static final SandboxRuntime OCI = new SandboxRuntime("oci", false);
    private static final String PREFIX = "oci-";

    private final Controller controller;

    OciHooks(Controller controller) {
        this.controller = controller;
    }

    void run(String stage, OciState state) {
        switch (stage) {
            case "createRuntime", "prestart" -> create(state);
            case "poststop" -> remove(state);
            default -> throw JnetException.invalid("hook stage '" + stage + "' is not one jnet takes: createRuntime (or"
                    + " prestart) and poststop");
        }
    }

    private void create(OciState state) {
        String name = name(state);
        long pid = Optional.ofNullable(state.pid()).filter(p -> p > 0).orElseThrow(() -> JnetException.invalid(
                "the container's state has no pid: use jnet's hook at createRuntime (or prestart), when its process runs"));
        List<String> networks = list(state.annotationsOrNone().get(NETWORKS));
        if (networks.isEmpty()) {
            throw JnetException.invalid("annotation " + NETWORKS + " names no network: give the networks the container joins,"
                    + " comma-separated (\"" + NETWORKS + "\": \"web\")");
        }
        Optional<Sandbox> existing = controller.sandboxes().stream().filter(s -> s.name().equals(name)).findFirst();
        if (existing.isPresent()) {
            boolean same = existing.get().owner().map(o -> o.pid() == pid && o.alive()).orElse(false);
            if (same) {
                return; // both createRuntime and prestart are jnet's hooks: the first did it
            }
            if (existing.get().owner().map(o -> o.alive()).orElse(false)) {
                throw JnetException.conflict("container " + state.id() + " is on jnet already, with process "
                        + existing.get().owner().get().pid());
            }
            remove(state); // a container of that id whose process ended before the watch saw it
        }
        Sandbox sandbox = controller.createSandbox(SandboxSpec.named(name).withHostname(hostname(state))
                .withOwnerPid(pid).inRuntimeNamespace(Path.of("/proc/" + pid + "/ns/net"), OCI));
        try {
            for (int i = 0; i < networks.size(); i++) {
                controller.connect(networks.get(i), sandbox.id().value(), spec(state, i == 0));
            }
            RootfsFiles.copy(Path.of(required(state.bundle(), "bundle")), controller.files(), sandbox.id());
        } catch (RuntimeException e) {
            try {
                controller.deleteSandbox(sandbox.id().value());
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
    }

    /** The first network gets the annotated address; every network the aliases. */
    private static ConnectSpec spec(OciState state, boolean first) {
        Map<String, String> a = state.annotationsOrNone();
        ConnectSpec spec = ConnectSpec.DEFAULT.withAliases(list(a.get(ALIASES)));
        return first && a.containsKey(IP) ? spec.withIpv4(Cidr.parseAddress(a.get(IP))) : spec;
    }

    private static String hostname(OciState state) {
        String id = required(state.id(), "id");
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    private void remove(OciState state) {
        String name = name(state);
        controller.sandboxes().stream().filter(s -> s.name().equals(name)).findFirst().ifPresent(s -> {
            try {
                controller.deleteSandbox(s.id().value());
            } catch (JnetException e) {
                if (e.kind() != ErrorKind.NOT_FOUND) {
                    throw e; // removed meanwhile by its owner's end: what poststop wanted
                }
            }
        });
    }

    private static String name(OciState state) {
        String id = required(state.id(), "id");
        if (!id.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,123}")) {
            throw JnetException.invalid("container id '" + id + "' cannot name a jnet sandbox: letters, digits, '_', '.'"
                    + " and '-', at most 124");
        }
        return PREFIX + id;
    }

    private static List<String> list(String value) {
        return value == null ? List.of() : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String required(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw JnetException.invalid("the container's state has no " + field);
        }
        return value;
    }
}
