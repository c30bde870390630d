/**
 * jnetd's native API, version 1 (docs/api.md): the routes, and the small records that are its JSON
 * bodies. Requests are turned into the core's specs here, at the API edge, with messages that name the
 * field; responses are made from the core's model. The model itself carries no JSON annotations.
 */
package dev.jnet.daemon.api;
