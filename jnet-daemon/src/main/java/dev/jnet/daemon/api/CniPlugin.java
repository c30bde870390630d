package dev.jnet.daemon.api;

import dev.jnet.core.controller.Controller;
import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.PortBinding;
import dev.jnet.core.model.PortRequest;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxRuntime;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.daemon.http.Reply;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import dev.jnet.net.IpFormat;
import dev.jnet.net.MacAddress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * jnet as a CNI 1.0 plugin of type {@code jnet}: a container's namespace ({@code CNI_NETNS}) is a sandbox
 * {@code cni-CONTAINERID} of the runtime {@code cni}, and each ADD joins it to a jnet network as interface
 * {@code CNI_IFNAME}; jnet configures it inside, with its resolver at 127.0.0.11. DEL is idempotent, also for
 * a container jnet never saw. Errors are CNI's {@code {code, msg, details}}.
 */
final class CniPlugin {
    static final String VERSION = "1.0.0";
    static final List<String> SUPPORTED = List.of("0.4.0", "1.0.0", "1.1.0");
    static final SandboxRuntime CNI = new SandboxRuntime("cni", false);
    private static final String PREFIX = "cni-";
    private static final java.util.regex.Pattern PROCESS_NETNS = java.util.regex.Pattern.compile("/proc/([1-9][0-9]{0,9})/ns/net");
    /** A name the resolver can serve (a container's name, as podman and Kubernetes give it). */
    private static final java.util.regex.Pattern POD_NAME = java.util.regex.Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");

    /** The CNI call's environment, as the plugin script passes it. */
    record Env(String command, String containerId, String netns, String ifname, String args) {}

    private final Controller controller;
    /** One container's calls (ADDs for two networks at once, say) run one after another: a lock by its id's hash. */
    private final Object[] containerLocks = java.util.stream.IntStream.range(0, 64).mapToObj(i -> new Object()).toArray();

    CniPlugin(Controller controller) {
        this.controller = controller;
    }

    Reply handle(Env env, CniRequest request) {
        try {
            return switch (env.command()) {
                case "ADD" -> {
                    synchronized (lockOf(env)) {
                        yield Reply.ok(add(env, request));
                    }
                }
                case "DEL" -> {
                    synchronized (lockOf(env)) {
                        del(env, request);
                    }
                    yield Reply.ok(Map.of());
                }
                case "CHECK" -> {
                    check(env, request);
                    yield Reply.ok(Map.of());
                }
                case "VERSION" -> Reply.ok(Map.of("cniVersion", request.version(), "supportedVersions", SUPPORTED));
                case "STATUS", "GC" -> Reply.ok(Map.of());
                default -> throw new CniError(4, "CNI_COMMAND '" + env.command() + "' is not ADD, DEL, CHECK, VERSION,"
                        + " STATUS or GC", "");
            };
        } catch (CniError e) {
            return error(request, e.code, e.getMessage(), e.details, 400);
        } catch (JnetException e) {
            // CNI's codes: 7 a configuration that cannot work (an unknown network too), 11 try again later;
            // a conflict (an address or port taken) is no reason to retry blindly.
            int code = switch (e.kind()) {
                case INVALID, NOT_FOUND -> 7;
                case UNAVAILABLE -> 11;
                default -> 999;
            };
            return error(request, code, e.getMessage(), "", e.kind() == ErrorKind.INTERNAL ? 500 : 400);
        }
    }

    private static Reply error(CniRequest request, int code, String msg, String details, int status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cniVersion", request.version());
        body.put("code", code);
        body.put("msg", msg);
        body.put("details", details);
        return new Reply.Json(status, body);
    }

    private Map<String, Object> add(Env env, CniRequest request) {
        String netns = required(env.netns(), "CNI_NETNS");
        Network network = controller.network(required(request.jnetNetwork(), "the configuration's name"));
        Sandbox sandbox = sandbox(env).orElseGet(() -> controller.createSandbox(ownedBy(netns, SandboxSpec.named(name(env))
                .withHostname(shortId(env))).inRuntimeNamespace(Path.of(netns), CNI)));
        if (!sandbox.namespace().equals(Path.of(netns))) {
            throw new CniError(7, "container " + env.containerId() + " was added in namespace " + sandbox.namespace()
                    + ", not " + netns, "");
        }
        try {
            Endpoint e = controller.connect(network.id().value(), sandbox.id().value(), spec(env, request));
            return CniResult.of(request.version(), e, network, netns, controller.servesNames(network));
        } catch (RuntimeException failure) {
            if (controller.endpointsOf(sandbox).isEmpty()) {
                controller.deleteSandbox(sandbox.id().value());
            }
            throw failure;
        }
    }

    /**
     * A namespace named by its process ({@code /proc/PID/ns/net}, as containerd's {@code ctr run --cni} gives
     * it) lives as long as that process: the sandbox is owned by it, so that a pid the kernel gives to another
     * process later is never entered, and the sandbox goes when the process ends (ctr calls no DEL for a
     * detached container).
     */
    private static SandboxSpec ownedBy(String netns, SandboxSpec spec) {
        java.util.regex.Matcher m = PROCESS_NETNS.matcher(netns);
        return m.matches() ? spec.withOwnerPid(Long.parseLong(m.group(1))) : spec;
    }

    private ConnectSpec spec(Env env, CniRequest request) {
        Map<String, String> args = CniArgs.parse(env.args());
        CniRequest.RuntimeConfig rc = request.runtime();
        Optional<String> ip = Optional.ofNullable(args.get("IP")).or(() -> rc.ips() == null ? Optional.empty()
                : rc.ips().stream().findFirst());
        Optional<String> mac = Optional.ofNullable(args.get("MAC")).or(() -> Optional.ofNullable(rc.mac()));
        List<PortRequest> ports = new ArrayList<>();
        for (CniRequest.PortMapping p : rc.portMappings() == null ? List.<CniRequest.PortMapping>of() : rc.portMappings()) {
            ports.add(new PortRequest(PortBinding.Protocol.parse(p.protocol() == null ? "tcp" : p.protocol()),
                    Optional.ofNullable(p.hostIP()).filter(h -> !h.isEmpty()).map(Cidr::parseAddress),
                    p.hostPort(), p.hostPort(), p.containerPort(), p.containerPort()));
        }
        return new ConnectSpec(ip.map(CniPlugin::address), Optional.empty(), aliases(args, request),
                mac.map(MacAddress::parse), Map.of(dev.jnet.core.model.ConnectSpec.IFNAME_OPTION, required(env.ifname(), "CNI_IFNAME")),
                ports);
    }

    /**
     * The runtime's aliases, and the container's name: podman and Kubernetes pass it as {@code K8S_POD_NAME} in
     * {@code CNI_ARGS} (podman's dnsname plugin serves it), so a container is found by its name.
     */
    private static List<String> aliases(Map<String, String> args, CniRequest request) {
        List<String> aliases = new ArrayList<>(request.aliases(request.name()));
        String name = args.get("K8S_POD_NAME");
        if (name != null && POD_NAME.matcher(name).matches() && !aliases.contains(name)) {
            aliases.add(name);
        }
        return aliases;
    }

    private static java.net.InetAddress address(String ip) {
        return ip.contains("/") ? Cidr.parse(ip).address() : Cidr.parseAddress(ip);
    }

    private void del(Env env, CniRequest request) {
        Optional<Sandbox> sandbox = sandbox(env);
        if (sandbox.isEmpty()) {
            return; // never added, or deleted before: DEL is idempotent
        }
        String wanted = request.jnetNetwork();
        for (Endpoint e : controller.endpointsOf(sandbox.get())) {
            Network n = controller.network(e.network().value());
            if (wanted == null || n.name().equals(wanted)) {
                controller.disconnect(n.id().value(), sandbox.get().id().value(), true);
            }
        }
        if (controller.endpointsOf(controller.sandbox(sandbox.get().id().value())).isEmpty()) {
            controller.deleteSandbox(sandbox.get().id().value());
        }
    }

    private void check(Env env, CniRequest request) {
        Sandbox sandbox = sandbox(env).orElseThrow(() -> new CniError(3, "container " + env.containerId()
                + " is not on any jnet network", ""));
        Network network = controller.network(required(request.jnetNetwork(), "the configuration's name"));
        if (controller.endpointsOf(sandbox).stream().noneMatch(e -> e.network().equals(network.id()))) {
            throw new CniError(3, "container " + env.containerId() + " is not on network " + network.name(), "");
        }
    }

    private Optional<Sandbox> sandbox(Env env) {
        String name = name(env);
        return controller.sandboxes().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static String name(Env env) {
        String id = required(env.containerId(), "CNI_CONTAINERID");
        if (!id.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,123}")) {
            throw new CniError(4, "CNI_CONTAINERID '" + id + "' cannot name a jnet sandbox", "");
        }
        return PREFIX + id;
    }

    private Object lockOf(Env env) {
        return containerLocks[Math.floorMod(name(env).hashCode(), containerLocks.length)];
    }

    private static String shortId(Env env) {
        return env.containerId().length() > 12 ? env.containerId().substring(0, 12) : env.containerId();
    }

    private static String required(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new CniError(4, what + " is required", "");
        }
        return value;
    }

    /** A failure with CNI's own code. */
    static final class CniError extends RuntimeException {
        final int code;
        final String details;

        CniError(int code, String msg, String details) {
            super(msg);
            this.code = code;
            this.details = details;
        }
    }
}
