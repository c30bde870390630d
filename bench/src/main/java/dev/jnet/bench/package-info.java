/**
 * Benchmark programs, run by hand as root inside throwaway network namespaces: {@link
 * dev.jnet.bench.VethBenchmark} times jnet's kernel layer against iproute2, {@link
 * dev.jnet.bench.ConnectBenchmark} times connecting containers through a real jnetd against netavark and
 * the CNI bridge plugin (and, on a macvlan network, against netavark's macvlan driver), {@link dev.jnet.bench.PortsBenchmark} times publishing ports through a real jnetd
 * on a host that already publishes many, {@link dev.jnet.bench.DnsBenchmark} times jnet's embedded resolver
 * against aardvark-dns with dnsperf, {@link dev.jnet.bench.PodmanBenchmark} times {@code podman run} with jnet's CNI
 * plugin against podman's netavark backend. Nothing here runs during the build but the unit tests of the
 * benchmarks' pure parts (options, tables, nft output).
 */
package dev.jnet.bench;
