package dev.jnet.daemon.api.docker;

import dev.jnet.core.model.ConnectSpec;

/**
 * The body of {@code POST /networks/{id}/connect}: Docker's {@code NetworkConnectRequest}. {@code Container}
 * names a jnet sandbox (by name, id or id prefix).
 */
record ConnectRequest(String Container, EndpointSettings EndpointConfig) {
    String container() {
        return DisconnectRequest.required(Container);
    }

    ConnectSpec toSpec() {
        return EndpointConfig == null ? ConnectSpec.DEFAULT : EndpointConfig.toSpec();
    }
}
