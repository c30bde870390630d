package dev.jnet.core.controller;

import dev.jnet.core.model.Sandbox;
import dev.jnet.kernel.netns.NetNs;

import java.net.InetAddress;

/** Real TCP between sandboxes: a listener in one, a connection from another, both made inside them. */
final class Traffic {
    /** The port the listener takes in the server sandbox (each sandbox is a namespace of its own). */
    private static final int PORT = 7001;

    private Traffic() {}

    static NetNs ns(Sandbox sandbox) {
        return new NetNs(sandbox.name(), sandbox.namespace());
    }

    /** Whether a connection from {@code client} reaches a listener in {@code server} at {@code address}. */
    static boolean connects(Sandbox client, Sandbox server, InetAddress address) {
        return Wire.tcp(ns(client), ns(server), PORT, address, PORT).isPresent();
    }
}
