package dev.jnet.daemon.api.docker;

/** Docker's {@code ConfigReference}: the config-only network a network takes its configuration from. */
record ConfigReference(String Network) {
    static final ConfigReference NONE = new ConfigReference("");

    boolean isSet() {
        return Network != null && !Network.isEmpty();
    }
}
