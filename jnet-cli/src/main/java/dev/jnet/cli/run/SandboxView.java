package dev.jnet.cli.run;

import java.nio.file.Path;

/**
 * What {@code jnet run} needs to know of a sandbox, from the API's sandbox object.
 *
 * @param shortId the first 12 characters of its id, for messages
 * @param namespace the file that holds its network namespace
 * @param hostNetwork whether it shares the host's namespace (then the command keeps the host's files and name)
 * @param hostname the host name the command sees
 * @param hostsPath the sandbox's hosts file, or null
 * @param resolvConfPath the sandbox's resolv.conf, or null
 */
public record SandboxView(String shortId, Path namespace, boolean hostNetwork, String hostname, Path hostsPath,
                          Path resolvConfPath) {}
