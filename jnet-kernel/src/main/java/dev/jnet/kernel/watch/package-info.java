/**
 * Watching a namespace for change: the kernel's link, address and nftables notifications, decoded into
 * {@link dev.jnet.kernel.watch.KernelEvent}s, so that a caller can notice drift without polling.
 */
package dev.jnet.kernel.watch;
