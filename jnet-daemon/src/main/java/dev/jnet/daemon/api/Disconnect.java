package dev.jnet.daemon.api;

/** The body of {@code POST /v1/networks/{ref}/disconnect}; {@code force} keeps going past driver failures. */
record Disconnect(String sandbox, Boolean force) {
    String sandboxRef() {
        return Connect.required(sandbox);
    }

    boolean forced() {
        return Boolean.TRUE.equals(force);
    }
}
