package dev.jnet.daemon.api.docker;

/** The answer of {@code POST /networks/create}: the new network's id, and no warning. */
record CreateResponse(String Id, String Warning) {}
