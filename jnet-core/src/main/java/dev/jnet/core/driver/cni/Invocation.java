package dev.jnet.core.driver.cni;

import dev.jnet.net.IfName;

import java.nio.file.Path;

/**
 * Who a chain's calls are about, as CNI's environment says it: {@code CNI_CONTAINERID}, {@code CNI_NETNS}
 * and {@code CNI_IFNAME}; {@code network} names jnet's network in errors.
 */
record Invocation(String containerId, Path netns, IfName ifName, String network) {
}
