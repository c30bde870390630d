package dev.jnet.cli;

import dev.jnet.cli.client.Connect;
import dev.jnet.cli.client.JnetClient;
import dev.jnet.cli.client.SandboxCreate;
import dev.jnet.error.JnetException;
import picocli.CommandLine;
import dev.jnet.cli.json.Json;

import java.util.List;

/**
 * Creates a sandbox and connects it to its networks in order; if a connect fails, the sandbox is removed
 * again so that a failed command leaves nothing behind.
 */
final class SandboxSetup {
    private SandboxSetup() {}

    /** A sandbox as jnetd showed it when created, and its endpoints as each connect answered. */
    record Created(Json sandbox, List<Json> endpoints) {}

    /** Creates and connects; if a connect fails, removes the sandbox again. */
    static Created create(CommandLine cli, JnetClient client, SandboxCreate request, List<NetworkAttachment> networks) {
        // Build every connect request first: a usage error must not leave a sandbox behind.
        List<Connect> connects = networks.stream().map(n -> n.request(cli, null)).toList();
        Json sandbox = client.createSandbox(request);
        String id = sandbox.path("id").asString();
        try {
            List<Json> endpoints = new java.util.ArrayList<>();
            for (int i = 0; i < networks.size(); i++) {
                endpoints.add(client.connect(networks.get(i).network(), connects.get(i).withSandbox(id)));
            }
            return new Created(sandbox, endpoints);
        } catch (JnetException e) {
            try {
                client.removeSandbox(id);
            } catch (JnetException cleanup) {
                e.addSuppressed(cleanup);
                throw new JnetException(e.kind(), e.getMessage() + " (and removing sandbox " + Listing.shortId(id)
                        + " again failed: " + cleanup.getMessage() + ")", e);
            }
            throw e;
        }
    }

    /** Whether the sandbox must share the host's namespace: it joins the {@code host} network. */
    static boolean hostNetwork(List<NetworkAttachment> networks) {
        return networks.stream().anyMatch(NetworkAttachment::isHost);
    }
}
