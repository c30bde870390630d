package dev.jnet.daemon.api;

import dev.jnet.core.controller.UninstallReport;

import java.util.List;

/** The answer of {@code POST /v1/system/uninstall}: what was removed and put back, and that jnetd stops. */
record Uninstalled(List<String> sandboxesRemoved, List<String> networksRemoved, List<String> sysctlsRestored,
                   String stateDirectory, String runDirectory) {
    static Uninstalled of(UninstallReport report, About about) {
        return new Uninstalled(report.sandboxes(), report.networks(), report.sysctls(), about.stateDirectory().toString(),
                about.runDirectory().toString());
    }
}
