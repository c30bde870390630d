package dev.jnet.core.controller;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;

/**
 * The cluster's side of global networks (those of drivers with global data scope), which the controller calls
 * as it changes them on a user's request: the cluster store, not this host, is their truth. The calls come
 * inside the change, under its locks: one that fails undoes the change ({@link #created}, {@link #joined}) or
 * stops it ({@link #removing}). Changes the cluster itself asks for ({@link Controller#adoptNetwork},
 * {@link Controller#dropNetwork}) do not call back.
 */
public interface GlobalNetworks {
    /** A global network was made here: make it the cluster's (its name and record). */
    void created(Network network);

    /** A global network is about to be removed here: remove it from the cluster, for every host. */
    void removing(Network network);

    /** An endpoint of a global network was joined here: publish it to the other hosts. */
    void joined(Network network, Endpoint endpoint);

    /** An endpoint of a global network left here: withdraw it (best effort; the cluster's resync finishes it). */
    void left(Network network, Endpoint endpoint);

    /** A host on its own: nothing to tell. */
    GlobalNetworks NONE = new GlobalNetworks() {
        @Override
        public void created(Network network) {
        }

        @Override
        public void removing(Network network) {
        }

        @Override
        public void joined(Network network, Endpoint endpoint) {
        }

        @Override
        public void left(Network network, Endpoint endpoint) {
        }
    };
}
