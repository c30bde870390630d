/**
 * The network part of the Docker Engine API (version 1.50, down to 1.24), served on jnetd's second
 * socket so that the stock {@code docker} client and other Docker API clients drive jnet unchanged
 * (docs/docker-api.md). Requests are mapped onto the same controller as the native API; jnet sandboxes
 * stand where Docker shows containers.
 *
 * <p>The JSON records name their components exactly as Docker's JSON fields ({@code Name}, {@code Id},
 * {@code EnableIPv4}), so each can be read against Docker's schema field by field. Request bodies are read
 * as strictly as the native API's: an unknown field or a wrong type is a 400 naming it, and a field jnet
 * does not implement is a 400 saying so, never silently dropped.
 */
package dev.jnet.daemon.api.docker;
