/**
 * jnetd, the jnet daemon: its configuration (flags over a config file over defaults), the start-up
 * sequence (state directory lock, host id, store, kernel, controller, then the API socket) and an
 * orderly stop on SIGTERM or SIGINT.
 */
package dev.jnet.daemon;
