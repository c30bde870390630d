/**
 * Benchmark programs, run by hand as root, that time jnet's kernel layer against iproute2 doing the
 * same work inside throwaway network namespaces. Nothing here runs during the build.
 */
package dev.jnet.bench;
