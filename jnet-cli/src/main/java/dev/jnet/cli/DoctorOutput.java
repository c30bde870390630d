package dev.jnet.cli;

import dev.jnet.kernel.probe.Capability;
import dev.jnet.kernel.probe.CapabilityReport;
import tools.jackson.databind.json.JsonMapper;

/** Writes a capability report as a table for people or as JSON for scripts. */
final class DoctorOutput {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DoctorOutput() {}

    static String table(CapabilityReport report) {
        int width = Math.max("FEATURE".length(),
                report.capabilities().stream().mapToInt(c -> c.name().length()).max().orElse(0));
        StringBuilder out = new StringBuilder("Kernel " + report.kernelRelease() + "\n\n");
        out.append(String.format("%-" + width + "s  %-9s  %s%n", "FEATURE", "AVAILABLE", "DETAIL"));
        for (Capability c : report.capabilities()) {
            out.append(String.format("%-" + width + "s  %-9s  %s%n", c.name(), c.available() ? "yes" : "no", c.detail()));
        }
        return out.toString();
    }

    /** {@code {"kernelRelease": ..., "capabilities": [{"name", "available", "detail"}, ...]}} */
    static String json(CapabilityReport report) {
        return JSON.writeValueAsString(report) + "\n";
    }
}
