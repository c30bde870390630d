package dev.jnet.daemon.api.docker;

/**
 * The answer of {@code POST /networks/create}: the new network's id, and what the user should know about
 * it (a subnet that overlaps a route of the host), one line each; empty when there is nothing to say.
 */
record CreateResponse(String Id, String Warning) {}
