/** The CNM model as values: networks, endpoints, sandboxes, and the requests that make them. */
package dev.jnet.core.model;
