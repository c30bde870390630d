package dev.jnet.daemon.remote;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import tools.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * One named plugin's client, found ({@link PluginDiscovery}) and activated when first needed, and again after
 * a failed attempt: a plugin that is not there yet (jnetd started before it) is used once it comes.
 */
final class PluginSource implements AutoCloseable {
    private final String name;
    private final PluginDiscovery discovery;
    private final PluginClient.Timeouts timeouts;
    private PluginClient client;

    PluginSource(String name, PluginDiscovery discovery, PluginClient.Timeouts timeouts) {
        this.name = name;
        this.discovery = discovery;
        this.timeouts = timeouts;
    }

    String name() {
        return name;
    }

    /** The activated client; {@code patient} waits for an unreachable plugin as {@link PluginClient#implemented(boolean)}. */
    synchronized PluginClient client(boolean patient) {
        if (client == null) {
            PluginAddress address = discovery.find(name).orElseThrow(() -> new JnetException(ErrorKind.UNAVAILABLE,
                    "plugin " + name + " is not there (looked for " + discovery.searched() + ")"));
            PluginClient made = new PluginClient(address, timeouts);
            try {
                made.implemented(patient);
            } catch (RuntimeException e) {
                made.close();
                throw e;
            }
            client = made;
        }
        return client;
    }

    /** Why the plugin cannot be used, if that is known without calling it: it was never reached, and no file names it. */
    synchronized Optional<String> missing() {
        if (client != null || discovery.find(name).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("plugin " + name + " is not there (looked for " + discovery.searched() + ")");
    }

    Optional<JsonNode> call(String method, Object body) {
        return client(true).call(method, body);
    }

    JsonNode require(String method, Object body) {
        return client(true).require(method, body);
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
