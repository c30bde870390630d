/**
 * Network value types that can only exist valid: interface names, CIDRs, MAC addresses. Code past the
 * API edge takes these, never raw strings.
 */
package dev.jnet.net;
