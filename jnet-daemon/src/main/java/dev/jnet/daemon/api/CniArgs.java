package dev.jnet.daemon.api;

import java.util.HashMap;
import java.util.Map;

/** {@code CNI_ARGS}: {@code KEY=VALUE} pairs separated by {@code ;} (podman passes {@code IP=} and {@code MAC=}). */
final class CniArgs {
    private CniArgs() {}

    static Map<String, String> parse(String args) {
        Map<String, String> out = new HashMap<>();
        if (args == null) {
            return out;
        }
        for (String pair : args.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
        return out;
    }
}
