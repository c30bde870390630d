package dev.jnet.cluster.testing;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A real etcd cluster of several members (Debian's etcd 3.4) on one address, a client port each (peers and
 * metrics on the next two), in the namespace {@code prefix} names, for tests of what happens while etcd
 * elects a new leader. Each member is an {@link EtcdServer}; {@link #leader} asks etcd which one leads.
 */
public final class EtcdCluster implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final List<EtcdServer> members;

    private EtcdCluster(List<EtcdServer> members) {
        this.members = List.copyOf(members);
    }

    /** Starts one member per client port (each at least 3 above the last) and waits until all serve clients. */
    public static EtcdCluster start(List<String> prefix, String address, List<Integer> clientPorts) {
        List<EtcdServer> members = new ArrayList<>();
        for (int i = 0; i < clientPorts.size(); i++) {
            members.add(EtcdServer.member(prefix, address, clientPorts, i));
        }
        EtcdCluster cluster = new EtcdCluster(members);
        try {
            members.forEach(EtcdServer::launchAsync);
            members.forEach(m -> m.awaitReady(Duration.ofSeconds(60)));
            return cluster;
        } catch (RuntimeException | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    public List<EtcdServer> members() {
        return members;
    }

    /** The {@code --cluster-store} value naming every member. */
    public String storeUrl() {
        return "etcd://" + members.stream().map(EtcdServer::authority).collect(Collectors.joining(","));
    }

    /**
     * The member that leads now, as the running members say ({@code /v3/maintenance/status} through
     * etcd's HTTP gateway, asked with curl in the members' namespace); empty while there is no leader.
     */
    public Optional<EtcdServer> leader() {
        List<String> ids = new ArrayList<>();
        String leader = null;
        for (EtcdServer m : members) {
            Optional<JsonNode> status = status(m);
            ids.add(status.map(s -> s.path("header").path("member_id").asString("")).orElse(""));
            if (status.isPresent() && !status.get().path("leader").asString("0").equals("0")) {
                leader = status.get().path("leader").asString();
            }
        }
        int at = leader == null ? -1 : ids.indexOf(leader);
        return at < 0 ? Optional.empty() : Optional.of(members.get(at));
    }

    private static Optional<JsonNode> status(EtcdServer member) {
        List<String> command = new ArrayList<>(member.prefix());
        command.addAll(List.of("curl", "-s", "-m", "2", "-X", "POST", "-d", "{}",
                member.clientUrl() + "/v3/maintenance/status"));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (p.waitFor() != 0 || out.length == 0) {
                return Optional.empty();
            }
            return Optional.of(JSON.readTree(out));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        members.forEach(EtcdServer::close);
    }
}
