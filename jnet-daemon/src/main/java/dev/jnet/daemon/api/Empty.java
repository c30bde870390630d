package dev.jnet.daemon.api;

/** The body of a route that takes none: nothing, or {@code {}}. */
record Empty() {}
