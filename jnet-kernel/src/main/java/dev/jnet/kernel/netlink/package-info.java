/**
 * The netlink message codec (headers, attributes, nesting, alignment) and a socket that speaks it:
 * ACKs, multipart dumps retried when interrupted, extended-ACK error text, batches.
 */
package dev.jnet.kernel.netlink;
