package dev.jnet.core.store;

import dev.jnet.error.JnetException;

/** The errors both stores raise alike, so that callers and tests see one wording. */
final class StoreErrors {
    /** Ids are shown as docker shows them: the first 12 hex digits. */
    private static final int SHORT_ID = 12;

    private StoreErrors() {}

    /** A put that would give a network or sandbox a name that another one of its kind holds. */
    static JnetException nameInUse(String what, String name, String holderId) {
        return JnetException.conflict(what + " name '" + name + "' is already in use by " + what + " "
                + holderId.substring(0, Math.min(SHORT_ID, holderId.length())));
    }
}
