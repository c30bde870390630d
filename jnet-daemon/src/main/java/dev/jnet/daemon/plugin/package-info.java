/**
 * jnetd as a Docker network plugin: dockerd's remote driver protocol ({@code /Plugin.Activate},
 * {@code /NetworkDriver.*}) on a Unix socket, so that a dockerd makes jnet's networks and endpoints.
 */
package dev.jnet.daemon.plugin;
