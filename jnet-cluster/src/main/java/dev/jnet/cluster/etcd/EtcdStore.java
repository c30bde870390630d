package dev.jnet.cluster.etcd;

import dev.jnet.cluster.Claim;
import dev.jnet.cluster.ClusterStore;
import dev.jnet.cluster.Listing;
import dev.jnet.cluster.Registration;
import dev.jnet.cluster.StoreConfig;
import dev.jnet.error.JnetException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

import javax.net.ssl.SSLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The cluster store on a real etcd (3.4 or later) through jetcd. Every call has the configured deadline;
 * a claim whose answer did not come in time is read back before it is reported as unknown.
 */
public final class EtcdStore implements ClusterStore {
    private final Client client;
    private final StoreConfig config;
    private final Calls calls;
    private final ScheduledExecutorService timers;

    private EtcdStore(Client client, StoreConfig config) {
        this.client = client;
        this.config = config;
        this.calls = new Calls(config.endpoints().stream().map(URI::toString).collect(Collectors.joining(",")));
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jnet-cluster-store");
            t.setDaemon(true);
            return t;
        });
        Reconnects reconnects = new Reconnects(client);
        timers.scheduleWithFixedDelay(reconnects::now, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * A store on the etcd {@code config} names. The connection is made in the background; calls made
     * before it is up wait for it within their deadline.
     */
    public static EtcdStore connect(StoreConfig config) {
        ClientBuilder builder = Client.builder().endpoints(config.endpoints()).connectTimeout(config.timeout());
        config.user().ifPresent(u -> builder.user(bytes(u)));
        config.password().ifPresent(p -> builder.password(bytes(p)));
        if (config.tls().isPresent()) {
            StoreConfig.Tls tls = config.tls().get();
            try {
                builder.sslContext(b -> {
                    b.trustManager(tls.ca().toFile());
                    tls.cert().ifPresent(cert -> b.keyManager(cert.toFile(), tls.key().orElseThrow().toFile()));
                });
            } catch (SSLException | IllegalArgumentException e) {
                throw JnetException.invalid("cluster store TLS files (" + tls.ca() + tls.cert().map(c -> ", " + c).orElse("")
                        + "): " + e.getMessage());
            }
        }
        return new EtcdStore(builder.build(), config);
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    static String text(ByteSequence b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    Calls.Deadline deadline() {
        return Calls.Deadline.after(config.timeout());
    }

    Calls calls() {
        return calls;
    }

    Client client() {
        return client;
    }

    /** Runs {@code task} after {@code pause} on the store's timer thread; nothing once the store is closed. */
    void later(Runnable task, Duration pause) {
        try {
            timers.schedule(task, pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** Runs {@code task} every {@code period} until the returned future is cancelled or the store closed. */
    ScheduledFuture<?> every(Runnable task, Duration period) {
        return timers.scheduleWithFixedDelay(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<String> get(String key) {
        GetResponse r = calls.read(() -> client.getKVClient().get(bytes(key)), deadline(), "read " + key);
        return r.getKvs().stream().findFirst().map(kv -> text(kv.getValue()));
    }

    @Override
    public Listing list(String prefix) {
        return list(prefix, deadline());
    }

    Listing list(String prefix, Calls.Deadline deadline) {
        GetOption all = GetOption.builder().isPrefix(true).build();
        GetResponse r = calls.read(() -> client.getKVClient().get(bytes(prefix), all), deadline, "list " + prefix);
        Map<String, String> entries = new LinkedHashMap<>();
        for (KeyValue kv : r.getKvs()) {
            entries.put(text(kv.getKey()), text(kv.getValue()));
        }
        return new Listing(entries, r.getHeader().getRevision());
    }

    @Override
    public Claim claim(String key, String holder) {
        Calls.Deadline deadline = deadline();
        String what = "claim " + key;
        try {
            return claimOnce(key, holder, deadline.share(0.7), what);
        } catch (Calls.NoAnswer e) {
            return resolveClaim(key, holder, deadline, what);
        }
    }

    private Claim claimOnce(String key, String holder, Calls.Deadline deadline, String what) throws Calls.NoAnswer {
        ByteSequence k = bytes(key);
        TxnResponse r = calls.awaitOrNoAnswer(client.getKVClient().txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(k, bytes(holder), PutOption.DEFAULT))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit(), deadline, what);
        if (r.isSucceeded()) {
            return new Claim.Won();
        }
        // The compare and the get are one transaction: the key exists and this is its value.
        String current = text(r.getGetResponses().getFirst().getKvs().getFirst().getValue());
        return current.equals(holder) ? new Claim.Won() : new Claim.Held(current);
    }

    /**
     * The first attempt got no answer: what the store holds says whether it landed. If it did not, a second
     * conditional attempt cannot take what another holder has; one that is lost again is read back again,
     * until the deadline.
     */
    private Claim resolveClaim(String key, String holder, Calls.Deadline deadline, String what) {
        while (true) {
            Optional<String> current = readBack(bytes(key), deadline, what);
            if (current.isPresent()) {
                return current.get().equals(holder) ? new Claim.Won() : new Claim.Held(current.get());
            }
            try {
                return claimOnce(key, holder, deadline, what);
            } catch (Calls.NoAnswer e) {
                if (!Calls.pauseWithin(deadline)) {
                    throw calls.unreachable(what, "; whether the claim landed is unknown until etcd answers again");
                }
            }
        }
    }

    @Override
    public void release(String key, String holder) {
        ByteSequence k = bytes(key);
        calls.await(client.getKVClient().txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.value(bytes(holder))))
                .Then(Op.delete(k, DeleteOption.DEFAULT))
                .commit(), deadline(), "release " + key);
    }

    @Override
    public boolean replace(String key, String expected, String value) {
        ByteSequence k = bytes(key);
        String what = "rewrite " + key;
        Calls.Deadline deadline = deadline();
        while (true) {
            try {
                return calls.awaitOrNoAnswer(client.getKVClient().txn()
                        .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.value(bytes(expected))))
                        .Then(Op.put(k, bytes(value), PutOption.DEFAULT))
                        .commit(), deadline.share(0.7), what).isSucceeded();
            } catch (Calls.NoAnswer e) {
                // whether it landed is read back: ours is there (landed), the expected one (not applied:
                // again), or another (changed meanwhile)
            }
            Optional<String> now = readBack(k, deadline, what);
            if (now.equals(Optional.of(value)) || !now.equals(Optional.of(expected))) {
                return now.equals(Optional.of(value));
            }
            if (!Calls.pauseWithin(deadline)) {
                throw calls.unreachable(what, "; it did not land");
            }
        }
    }

    /** What {@code key} holds, read back after a lost call; "unreachable, outcome unknown" if etcd does not say. */
    private Optional<String> readBack(ByteSequence key, Calls.Deadline deadline, String what) {
        try {
            GetResponse r = calls.readOrNoAnswer(() -> client.getKVClient().get(key), deadline, what + " (reading it back)");
            return r.getKvs().stream().findFirst().map(kv -> text(kv.getValue()));
        } catch (Calls.NoAnswer again) {
            throw calls.unreachable(what, "; whether it landed is unknown until etcd answers again");
        }
    }

    @Override
    public void putFor(String key, String value, Duration ttl) {
        Calls.Deadline deadline = deadline();
        long lease = calls.await(client.getLeaseClient().grant(Math.max(1, ttl.toSeconds())), deadline,
                "grant a lease for " + key).getID();
        calls.await(client.getKVClient().put(bytes(key), bytes(value), PutOption.builder().withLeaseId(lease).build()),
                deadline, "write " + key); // a blind put: writing it again is harmless
    }

    @Override
    public long version(String key) {
        GetResponse r = calls.read(() -> client.getKVClient().get(bytes(key)), deadline(), "read " + key);
        return r.getKvs().stream().findFirst().map(KeyValue::getVersion).orElse(0L);
    }

    @Override
    public boolean putAllIf(String guard, long guardVersion, SequencedMap<String, String> puts) {
        Calls.Deadline deadline = deadline();
        String what = "write " + String.join(", ", puts.keySet());
        List<Op> ops = new ArrayList<>();
        puts.forEach((k, v) -> ops.add(Op.put(bytes(k), bytes(v), PutOption.DEFAULT)));
        ops.add(Op.put(bytes(guard), bytes(Long.toString(guardVersion + 1)), PutOption.DEFAULT));
        Map.Entry<String, String> first = puts.firstEntry();
        while (true) {
            try {
                return calls.awaitOrNoAnswer(client.getKVClient().txn()
                        .If(new Cmp(bytes(guard), Cmp.Op.EQUAL, CmpTarget.version(guardVersion)))
                        .Then(ops.toArray(Op[]::new)).commit(), deadline.share(0.7), what).isSucceeded();
            } catch (Calls.NoAnswer e) {
                // read back below: our first value there means it landed; the guard unchanged, that it did not
            }
            if (readBack(bytes(first.getKey()), deadline, what).equals(Optional.of(first.getValue()))) {
                return true;
            }
            if (guardVersionNow(guard, deadline, what) != guardVersion) {
                return false; // another writer's change came first: the caller chooses again
            }
            if (!Calls.pauseWithin(deadline)) {
                throw calls.unreachable(what, "; it did not land");
            }
        }
    }

    private long guardVersionNow(String guard, Calls.Deadline deadline, String what) {
        try {
            GetResponse r = calls.readOrNoAnswer(() -> client.getKVClient().get(bytes(guard)), deadline,
                    what + " (reading " + guard + " back)");
            return r.getKvs().stream().findFirst().map(KeyValue::getVersion).orElse(0L);
        } catch (Calls.NoAnswer again) {
            throw calls.unreachable(what, "; whether it landed is unknown until etcd answers again");
        }
    }

    @Override
    public Registration register(String key, String value, Duration ttl, Predicate<String> mayReplace) {
        return EtcdRegistration.start(this, key, value, ttl, mayReplace);
    }

    @Override
    public AutoCloseable watch(String prefix, Consumer<Listing> onChange) {
        return PrefixWatch.start(this, prefix, onChange, PrefixWatch.RESYNC);
    }

    @Override
    public void close() {
        timers.shutdownNow();
        client.close();
    }
}
