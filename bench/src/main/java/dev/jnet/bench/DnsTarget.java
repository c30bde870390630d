package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;

import java.util.Map;

/**
 * A DNS server under test, set up with containers named {@code web1..webN} on one bridge network and a
 * client namespace on the same network from which it is queried. {@link #close()} removes what it made
 * and stops the server processes it started; it is idempotent, so a shutdown hook may call it too.
 */
sealed interface DnsTarget extends AutoCloseable permits JnetDns, AardvarkDns {
    /** Short name for the results: {@code jnet}, {@code aardvark-dns}. */
    String name();

    /** The namespace dnsperf and dig run in. */
    NetNs client();

    /** The address the client sends its queries to. */
    String server();

    /** The IPv4 address (no prefix) each container name must resolve to. */
    Map<String, String> addresses();

    /** The pid of the process that answers, for its per-thread CPU time. */
    long serverPid();

    @Override
    void close();
}
