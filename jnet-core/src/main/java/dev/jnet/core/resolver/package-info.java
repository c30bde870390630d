/**
 * The embedded DNS resolver at 127.0.0.11 in every sandbox on a user-defined network: names of
 * sandboxes and aliases on shared networks answered from an immutable {@link dev.jnet.core.resolver.NameTable},
 * everything else forwarded to upstream servers from the host's namespace.
 */
package dev.jnet.core.resolver;
