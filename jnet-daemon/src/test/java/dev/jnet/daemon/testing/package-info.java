/**
 * Test support for jnetd: a small HTTP client over the Unix socket, a fake host (a throwaway namespace
 * with private directories, cleaned up whatever happened), jnetd started through the real launcher
 * inside a fake host, and TCP checks between sandboxes.
 */
package dev.jnet.daemon.testing;
