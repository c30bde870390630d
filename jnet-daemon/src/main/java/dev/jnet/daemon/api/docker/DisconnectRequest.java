package dev.jnet.daemon.api.docker;

import dev.jnet.error.JnetException;

/** The body of {@code POST /networks/{id}/disconnect}: Docker's {@code NetworkDisconnectRequest}. */
record DisconnectRequest(String Container, Boolean Force) {
    String container() {
        return required(Container);
    }

    boolean forced() {
        return Boolean.TRUE.equals(Force);
    }

    static String required(String container) {
        if (container == null || container.isEmpty()) {
            throw JnetException.invalid("field \"Container\" is required: the name or id of a jnet sandbox");
        }
        return container;
    }
}
