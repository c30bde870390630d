package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * aardvark-dns as podman gets it: netavark 1.4 attaches containers {@code web1..webN} and a client to a
 * bridge network with {@code "dns_enabled": true} (one {@code netavark setup} per container, inside a
 * throwaway fake host), and starts aardvark-dns there on the gateway, 10.89.0.1:53. {@link #close()} runs
 * {@code netavark teardown} for each container, which stops aardvark-dns after the last one, kills it by
 * its pid file if it is still alive (only if its command line names this run's directory), and removes
 * the namespaces.
 */
final class AardvarkDns implements DnsTarget {
    static final Path NETAVARK = Path.of("/usr/lib/podman/netavark");
    static final Path AARDVARK = Path.of("/usr/lib/podman/aardvark-dns");
    private static final String GATEWAY = "10.89.0.1";

    private final PeerHost peerHost;
    private final List<String> names;
    private final List<Integer> attached = new ArrayList<>();
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private boolean closed;

    private AardvarkDns(PeerHost peerHost, List<String> names) {
        this.peerHost = peerHost;
        this.names = names;
    }

    /** The fake host, the containers (the client is the last) and their attachment through netavark. */
    static AardvarkDns create(ThrowawayNamespaces namespaces, int names) {
        List<String> all = new ArrayList<>();
        for (int i = 1; i <= names; i++) {
            all.add("web" + i);
        }
        all.add("client");
        AardvarkDns target = new AardvarkDns(PeerHost.create(namespaces, "aardvark", all.size()), all);
        try {
            for (int i = 0; i < all.size(); i++) {
                target.attach(i);
            }
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
        return target;
    }

    private void attach(int index) {
        String address = NetavarkAttach.staticAddress(index);
        Processes.runPiped(netavark("setup", index), NetavarkAttach.ENVIRONMENT, options(index, address));
        attached.add(index);
        if (index < names.size() - 1) {
            addresses.put(names.get(index), address);
        }
    }

    private List<String> netavark(String command, int index) {
        return peerHost.inHost(List.of(NETAVARK.toString(), "--config", peerHost.directory().toString(),
                "--aardvark-binary", AARDVARK.toString(), command,
                peerHost.containers().get(index).path().toString()));
    }

    private byte[] options(int index, String address) {
        return NetavarkAttach.options(index, names.get(index), address, true).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String name() {
        return "aardvark-dns";
    }

    @Override
    public NetNs client() {
        return peerHost.containers().getLast();
    }

    @Override
    public String server() {
        return GATEWAY;
    }

    @Override
    public Map<String, String> addresses() {
        return Map.copyOf(addresses);
    }

    @Override
    public long serverPid() {
        return aardvark().map(ProcessHandle::pid)
                .orElseThrow(() -> new BenchmarkException("aardvark-dns is not running: no live pid in " + pidFile()));
    }

    /** The aardvark-dns of this run: the pid in its pid file, if that process serves this run's directory. */
    private Optional<ProcessHandle> aardvark() {
        try {
            long pid = Long.parseLong(Files.readString(pidFile()).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().orElse("").contains(peerHost.directory().toString()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Path pidFile() {
        return peerHost.directory().resolve("aardvark-dns").resolve("aardvark.pid");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int index : attached.reversed()) {
            try {
                Processes.runPiped(netavark("teardown", index), NetavarkAttach.ENVIRONMENT,
                        options(index, NetavarkAttach.staticAddress(index)));
            } catch (RuntimeException e) {
                System.err.println("netavark teardown of " + names.get(index) + ": " + e.getMessage());
            }
        }
        aardvark().ifPresent(AardvarkDns::kill);
        peerHost.close();
    }

    private static void kill(ProcessHandle aardvark) {
        aardvark.destroyForcibly();
        try {
            aardvark.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("aardvark-dns (pid " + aardvark.pid() + ") did not end after SIGKILL: " + e);
        }
    }
}
