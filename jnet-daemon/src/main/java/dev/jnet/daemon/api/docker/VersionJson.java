package dev.jnet.daemon.api.docker;

import dev.jnet.daemon.api.About;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /version}: Docker's {@code types.Version}. jnet is the {@code Engine} component
 * (the one the client prints in full) and Java the other; Go-specific fields ({@code GoVersion},
 * {@code GitCommit}, {@code BuildTime}) are empty.
 */
record VersionJson(PlatformName Platform, List<Component> Components, String Version, String ApiVersion,
                   String MinAPIVersion, String GitCommit, String GoVersion, String Os, String Arch, String KernelVersion,
                   String BuildTime) {
    record PlatformName(String Name) {}

    record Component(String Name, String Version, Map<String, String> Details) {}

    static VersionJson of(About about, HostFacts host, String api, String min) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("ApiVersion", api);
        details.put("MinAPIVersion", min);
        details.put("GitCommit", "");
        details.put("GoVersion", "");
        details.put("Os", "linux");
        details.put("Arch", host.goArch());
        details.put("KernelVersion", host.kernel());
        details.put("BuildTime", "");
        details.put("Experimental", "false");
        List<Component> components = List.of(new Component("Engine", about.version(), details),
                new Component("Java", Runtime.version().toString(), Map.of()));
        return new VersionJson(new PlatformName("jnet " + about.version()), components, about.version(), api, min, "",
                "", "linux", host.goArch(), host.kernel(), "");
    }
}
