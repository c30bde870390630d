package dev.jnet.bench;

/**
 * How the scale run lays out its endpoints on one host, and in which order it connects them. The shape
 * exists because of two limits: a Linux bridge takes at most {@link #BRIDGE_MAX_PORTS} ports, and a
 * sandbox on a user-defined network costs jnetd descriptors (its resolver's sockets) while the open-files
 * limit cannot be raised past the machine's hard limit.
 *
 * <p>{@link Fill#ROUND_ROBIN} (the default): endpoint {@code e} joins sandbox {@code e / networksPerSandbox}
 * to network {@code e % networks}; each sandbox gets its networks one after the other and every bridge fills
 * at the same pace, so the last connects meet full bridges and the most state. {@link Fill#BY_NETWORK}:
 * the networks fill one after another (endpoint {@code e} on network {@code e / (endpoints / networks)}),
 * the sandboxes in groups, each group joining every {@code networks / networksPerSandbox}-th network; the
 * first and the last window then meet bridges of the same sizes, and differ only in what the rest of the
 * host holds.
 *
 * @param endpoints N, the number of connects
 * @param networks bridge networks the endpoints are spread over
 * @param networksPerSandbox networks each sandbox joins (distinct ones)
 * @param window how many connects the first and the last median are taken over
 * @param fill the order of the connects
 */
record ScaleShape(int endpoints, int networks, int networksPerSandbox, int window, Fill fill) {
    /** The order of the connects (see the type's description). */
    enum Fill {
        ROUND_ROBIN("round-robin"), BY_NETWORK("by-network");

        final String option;

        Fill(String option) {
            this.option = option;
        }

        static Fill parse(String value) {
            for (Fill f : values()) {
                if (f.option.equals(value)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("--scale-fill takes round-robin or by-network, not '" + value + "'");
        }
    }


    /** The ports a Linux bridge takes: BR_MAX_PORTS (1,024) less port number 0, which is never given out. */
    static final int BRIDGE_MAX_PORTS = 1023;
    /**
     * What jnetd holds per sandbox on a user-defined network: the resolver's UDP and TCP sockets (its netlink
     * socket is closed while the sandbox is not among the 32 used last).
     */
    static final int FDS_PER_SANDBOX = 2;
    static final int MAX_ENDPOINTS = 50_000;
    static final int MAX_NETWORKS = 200;
    static final ScaleShape DEFAULT = new ScaleShape(10_000, 10, 2, 1000);

    ScaleShape(int endpoints, int networks, int networksPerSandbox, int window) {
        this(endpoints, networks, networksPerSandbox, window, Fill.ROUND_ROBIN);
    }

    ScaleShape {
        if (endpoints < 2 || endpoints > MAX_ENDPOINTS) {
            throw new IllegalArgumentException("--scale-endpoints takes 2 to " + MAX_ENDPOINTS + ", not " + endpoints);
        }
        if (networks < 1 || networks > MAX_NETWORKS) {
            throw new IllegalArgumentException("--scale-networks takes 1 to " + MAX_NETWORKS + ", not " + networks);
        }
        if (networksPerSandbox < 1 || networksPerSandbox > networks) {
            throw new IllegalArgumentException("--scale-networks-per-sandbox takes 1 to --scale-networks ("
                    + networks + "), not " + networksPerSandbox);
        }
        if (endpoints % networksPerSandbox != 0) {
            throw new IllegalArgumentException("--scale-endpoints (" + endpoints
                    + ") must be a multiple of --scale-networks-per-sandbox (" + networksPerSandbox + ")");
        }
        int ports = (endpoints + networks - 1) / networks;
        if (ports > BRIDGE_MAX_PORTS) {
            throw new IllegalArgumentException("%d endpoints on %d networks put %d ports on a bridge; a Linux bridge "
                    .formatted(endpoints, networks, ports) + "takes at most " + BRIDGE_MAX_PORTS + ": raise --scale-networks");
        }
        if (fill == Fill.BY_NETWORK && (endpoints % networks != 0 || networks % networksPerSandbox != 0)) {
            throw new IllegalArgumentException("--scale-fill=by-network needs --scale-endpoints (" + endpoints
                    + ") a multiple of --scale-networks (" + networks + ") and that a multiple of "
                    + "--scale-networks-per-sandbox (" + networksPerSandbox + ")");
        }
        if (window < 1 || 2 * window > endpoints) {
            throw new IllegalArgumentException("--scale-window takes 1 to half of --scale-endpoints ("
                    + endpoints / 2 + "), not " + window);
        }
    }

    int sandboxes() {
        return endpoints / networksPerSandbox;
    }

    /** The sandbox of endpoint {@code e}. */
    int sandbox(int e) {
        return switch (fill) {
            case ROUND_ROBIN -> e / networksPerSandbox;
            case BY_NETWORK -> network(e) % groups() * perNetwork() + indexOn(e);
        };
    }

    /** The network of endpoint {@code e}. */
    int network(int e) {
        return switch (fill) {
            case ROUND_ROBIN -> e % networks;
            case BY_NETWORK -> e / perNetwork();
        };
    }

    /** Which of its sandbox's networks endpoint {@code e} is (0 for the first it joins: its eth0). */
    int slot(int e) {
        return switch (fill) {
            case ROUND_ROBIN -> e % networksPerSandbox;
            case BY_NETWORK -> network(e) / groups();
        };
    }

    /** Endpoint {@code e}'s place among its network's endpoints, in connect order. */
    int indexOn(int e) {
        return switch (fill) {
            case ROUND_ROBIN -> e / networks;
            case BY_NETWORK -> e % perNetwork();
        };
    }

    /** The endpoint of sandbox {@code s} in slot {@code j}: the inverse of {@link #sandbox} and {@link #slot}. */
    int endpointOf(int s, int j) {
        return switch (fill) {
            case ROUND_ROBIN -> s * networksPerSandbox + j;
            case BY_NETWORK -> (j * groups() + s / perNetwork()) * perNetwork() + s % perNetwork();
        };
    }

    private int perNetwork() {
        return endpoints / networks;
    }

    /** BY_NETWORK's sandbox groups: group g joins networks g, g + groups, ... */
    private int groups() {
        return networks / networksPerSandbox;
    }

    /** The most ports any one bridge gets. */
    int portsPerBridge() {
        return (endpoints + networks - 1) / networks;
    }

    /** The endpoints on network {@code n}. */
    int endpointsOn(int n) {
        return endpoints / networks + (n < endpoints % networks ? 1 : 0);
    }

    /** jnetd's descriptors for the sandboxes, by {@link #FDS_PER_SANDBOX}. */
    int fdEstimate() {
        return sandboxes() * FDS_PER_SANDBOX;
    }

    /**
     * Fails unless the estimate leaves room below {@code openFilesLimit}: a JVM with Jetty, SQLite and
     * the kernel layer needs a few hundred descriptors of its own, and the restart opens the
     * namespaces again.
     */
    void requireDescriptors(long openFilesLimit) {
        if (fdEstimate() > openFilesLimit * 8 / 10) {
            throw new BenchmarkException(("%d sandboxes need about %d descriptors in jnetd (%d each), more than 80%% of "
                    + "the open-files limit %d: raise --scale-networks-per-sandbox").formatted(sandboxes(),
                    fdEstimate(), FDS_PER_SANDBOX, openFilesLimit));
        }
    }

    /** The shape in one line, for the output. */
    String describe(long openFilesLimit) {
        return ("%,d endpoints: %,d sandboxes, each connected to %d of %d bridge networks (%,d ports per bridge; "
                + "a Linux bridge takes at most %,d), one connect at a time, %s; jnetd holds "
                + "about %d descriptors per sandbox, %,d of its open-files limit of %,d; medians of the first and "
                + "the last %,d connects").formatted(endpoints, sandboxes(), networksPerSandbox, networks,
                portsPerBridge(), BRIDGE_MAX_PORTS,
                fill == Fill.ROUND_ROBIN ? "sandbox after sandbox (every bridge fills at the same pace)"
                        : "network after network (each bridge fills before the next)", FDS_PER_SANDBOX, fdEstimate(), openFilesLimit, window);
    }
}
