package dev.jnet.core.driver.cni;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A configuration list's plugins run as a runtime runs them: ADD in order, each given the one before's
 * result as {@code prevResult}; DEL in reverse order, each given the stored result; CHECK in order. An ADD
 * that fails in the middle is undone: DEL for the failed plugin and every one before it, newest first.
 */
final class Chain {
    private static final System.Logger LOG = System.getLogger(Chain.class.getName());

    private final PluginRunner runner;

    Chain(PluginRunner runner) {
        this.runner = runner;
    }

    /** Runs ADD through the list; the last plugin's result. */
    JsonNode add(ConfList list, Invocation invocation, Map<String, Object> runtime) {
        Optional<JsonNode> result = Optional.empty();
        for (int i = 0; i < list.plugins().size(); i++) {
            String type = list.type(i);
            try {
                Optional<JsonNode> answer = runner.run("ADD", type, invocation, list.stdin(i, result, runtime));
                result = Optional.of(answer.orElseThrow(() -> new JnetException(ErrorKind.UNAVAILABLE, "CNI plugin "
                        + type + " (ADD of network " + invocation.network() + ") printed no result")));
            } catch (RuntimeException e) {
                delete(list, i, invocation, runtime, result, e);
                throw e;
            }
        }
        return result.orElseThrow();
    }

    /** Runs DEL through the whole list, newest first; failures are logged and the rest goes on. */
    List<String> del(ConfList list, Invocation invocation, Map<String, Object> runtime, Optional<JsonNode> result) {
        return delete(list, list.plugins().size() - 1, invocation, runtime, result, null);
    }

    private List<String> delete(ConfList list, int last, Invocation invocation, Map<String, Object> runtime,
                                Optional<JsonNode> result, RuntimeException failure) {
        List<String> failures = new ArrayList<>();
        // DEL has prevResult from CNI 0.4.0 on; older lists' plugins get none, as libcni gives them.
        Optional<JsonNode> prev = list.atLeast040() ? result : Optional.empty();
        for (int i = last; i >= 0; i--) {
            try {
                runner.run("DEL", list.type(i), invocation, list.stdin(i, prev, runtime));
            } catch (RuntimeException e) {
                failures.add(e.getMessage());
                if (failure != null) {
                    failure.addSuppressed(e);
                }
                LOG.log(System.Logger.Level.WARNING, e.getMessage());
            }
        }
        return failures;
    }

    /** Runs CHECK through the list with the stored result; the first failure is thrown. */
    void check(ConfList list, Invocation invocation, Map<String, Object> runtime, JsonNode result) {
        for (int i = 0; i < list.plugins().size(); i++) {
            runner.run("CHECK", list.type(i), invocation, list.stdin(i, Optional.of(result), runtime));
        }
    }
}
