package dev.jnet.core.model;

import java.util.Objects;

/**
 * The container runtime a sandbox's namespace belongs to: jnet joins it to networks but never creates or
 * deletes the namespace.
 *
 * @param name the runtime, as {@code jnet sandbox ls} shows it ({@code docker}, {@code runc}, ...)
 * @param configuresInterfaces whether the runtime itself moves the interfaces jnet leaves in the host
 *     namespace into the sandbox and sets their addresses and routes (Docker's remote drivers): jnet then never
 *     enters the namespace, and gives it neither resolver nor files (the runtime serves its own DNS)
 */
public record SandboxRuntime(String name, boolean configuresInterfaces) {
    public SandboxRuntime {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a runtime needs a name");
        }
    }
}
