package dev.jnet.daemon.api;

import dev.jnet.error.JnetException;

/** The body of {@code PUT /v1/sandboxes/{ref}/owner}: the running process the sandbox is to live for. */
record OwnerChange(Long pid) {
    long required() {
        if (pid == null) {
            throw JnetException.invalid("pid is required: the process the sandbox is to live for");
        }
        return pid;
    }
}
