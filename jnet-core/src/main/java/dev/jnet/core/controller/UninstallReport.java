package dev.jnet.core.controller;

import java.util.List;

/**
 * What an uninstall removed and put back.
 *
 * @param sandboxes the sandboxes removed, by name
 * @param networks the networks removed (the predefined ones too), by name
 * @param sysctls the host settings put back as they were before jnet ({@code key: now -> before}), or why not
 */
public record UninstallReport(List<String> sandboxes, List<String> networks, List<String> sysctls) {
    public UninstallReport {
        sandboxes = List.copyOf(sandboxes);
        networks = List.copyOf(networks);
        sysctls = List.copyOf(sysctls);
    }
}
