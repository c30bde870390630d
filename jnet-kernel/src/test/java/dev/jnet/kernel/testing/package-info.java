/**
 * Test support for kernel work: throwaway namespaces removed after each test, an independent observer
 * ({@code ip -j}, {@code nft -j}), and a check that the machine's own namespace is left untouched.
 */
package dev.jnet.kernel.testing;
