package dev.jnet.daemon.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.Map;

/**
 * The state an OCI runtime gives a hook on stdin (runtime-spec's {@code state}): runc says {@code status}
 * {@code creating} at createRuntime, crun {@code created} and adds {@code root}; crun's poststop has
 * {@code pid} 0. Fields a runtime adds are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record OciState(String ociVersion, String id, String status, Long pid, String bundle, Map<String, String> annotations) {
    Map<String, String> annotationsOrNone() {
        return annotations == null ? Map.of() : annotations;
    }
}
