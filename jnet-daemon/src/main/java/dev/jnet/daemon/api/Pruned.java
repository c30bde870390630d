package dev.jnet.daemon.api;

import java.util.List;

/** The answer of {@code POST /v1/networks/prune}: names of the networks removed. */
record Pruned(List<String> removed) {}
