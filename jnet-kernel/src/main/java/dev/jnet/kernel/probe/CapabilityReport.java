package dev.jnet.kernel.probe;

import java.util.List;
import java.util.Optional;

/**
 * What the capability probe found.
 *
 * @param kernelRelease the running kernel ({@code uname -r})
 * @param capabilities one entry per feature, in a fixed order
 */
public record CapabilityReport(String kernelRelease, List<Capability> capabilities) {
    public CapabilityReport {
        capabilities = List.copyOf(capabilities);
    }

    public Optional<Capability> find(String name) {
        return capabilities.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Whether the named feature was found usable; false for names the probe does not know. */
    public boolean has(String name) {
        return find(name).map(Capability::available).orElse(false);
    }
}
