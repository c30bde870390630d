/**
 * jnetd's events: the controller's changes kept in memory ({@link dev.jnet.daemon.events.EventLog}) and
 * streamed by {@code GET /v1/events} and the Docker API's {@code GET /events}.
 */
package dev.jnet.daemon.events;
