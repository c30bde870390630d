/**
 * Docker's list and prune filters for networks, read and matched once for both of jnetd's APIs, so that
 * {@code docker network ls --filter ...} and {@code jnet network ls --filter ...} agree.
 */
package dev.jnet.daemon.api.filter;
