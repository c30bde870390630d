package dev.jnet.cluster.etcd;

import dev.jnet.cluster.Registration;
import dev.jnet.error.JnetException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.function.Predicate;

import static dev.jnet.cluster.etcd.EtcdStore.bytes;
import static dev.jnet.cluster.etcd.EtcdStore.text;

/**
 * A key under a lease that jetcd keeps alive. jetcd stops renewing a lease it could not renew for longer
 * than its time to live (its keep-alive stream completes); then the key is written again under a new lease,
 * retried with a growing pause until the store answers.
 */
final class EtcdRegistration implements Registration {
    private static final System.Logger LOG = System.getLogger(EtcdRegistration.class.getName());
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);

    private final EtcdStore store;
    private final String key;
    private final String value;
    private final long ttlSeconds;
    private final Predicate<String> mayReplace;
    private volatile boolean live;
    private volatile boolean closed;
    private long lease;
    private CloseableClient keepAlive;

    private EtcdRegistration(EtcdStore store, String key, String value, Duration ttl, Predicate<String> mayReplace) {
        this.store = store;
        this.key = key;
        this.value = value;
        this.ttlSeconds = Math.max(2, ttl.toSeconds());
        this.mayReplace = mayReplace;
    }

    static EtcdRegistration start(EtcdStore store, String key, String value, Duration ttl, Predicate<String> mayReplace) {
        EtcdRegistration r = new EtcdRegistration(store, key, value, ttl, mayReplace);
        r.writeUnderNewLease();
        return r;
    }

    @Override
    public boolean isLive() {
        return live;
    }

    private synchronized void writeUnderNewLease() {
        Calls calls = store.calls();
        Calls.Deadline deadline = store.deadline();
        long id = calls.await(store.client().getLeaseClient().grant(ttlSeconds), deadline, "grant a lease for " + key).getID();
        try {
            write(id, deadline);
        } catch (RuntimeException e) {
            store.client().getLeaseClient().revoke(id);
            throw e;
        }
        lease = id;
        keepAlive = store.client().getLeaseClient().keepAlive(id, new Renewals(id));
        live = true;
    }

    private void write(long id, Calls.Deadline deadline) {
        ByteSequence k = bytes(key);
        PutOption underLease = PutOption.builder().withLeaseId(id).build();
        TxnResponse r = store.calls().await(store.client().getKVClient().txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(k, bytes(value), underLease))
                .Else(Op.get(k, GetOption.DEFAULT)).commit(), deadline, "register " + key);
        if (r.isSucceeded()) {
            return;
        }
        KeyValue current = r.getGetResponses().getFirst().getKvs().getFirst();
        String holder = text(current.getValue());
        if (!holder.equals(value) && !mayReplace.test(holder)) {
            throw JnetException.conflict(key + " is registered already, by another process: " + holder);
        }
        TxnResponse replaced = store.calls().await(store.client().getKVClient().txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(current.getModRevision())))
                .Then(Op.put(k, bytes(value), underLease)).commit(), deadline, "register " + key);
        if (!replaced.isSucceeded()) {
            throw JnetException.conflict(key + " changed while this process registered it; try again");
        }
    }

    /** The lease is gone (expired in an outage, or jetcd gave it up): register again until it works. */
    private void lost(long id, Duration pause) {
        synchronized (this) {
            if (closed || id != lease) {
                return;
            }
            if (live) {
                LOG.log(System.Logger.Level.WARNING, "cluster store: the lease of " + key + " was lost; registering again");
            }
            live = false;
            keepAlive.close();
        }
        store.later(() -> retry(id, pause), pause);
    }

    private void retry(long id, Duration pause) {
        if (closed) {
            return;
        }
        try {
            writeUnderNewLease();
            LOG.log(System.Logger.Level.INFO, "cluster store: " + key + " registered again");
        } catch (RuntimeException e) {
            Duration next = pause.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : pause.multipliedBy(2);
            store.later(() -> retry(id, next), next);
        }
    }

    @Override
    public void revoke() {
        long id = stop();
        if (id == 0) {
            return;
        }
        try {
            store.calls().await(store.client().getLeaseClient().revoke(id), store.deadline(), "remove " + key);
        } catch (JnetException e) {
            LOG.log(System.Logger.Level.INFO, "cluster store: " + key + " is left to expire with its lease: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Stops renewing; the lease that was renewed, or 0 if stopped already. */
    private synchronized long stop() {
        if (closed) {
            return 0;
        }
        closed = true;
        live = false;
        keepAlive.close();
        return lease;
    }

    /** jetcd's renewals of one lease. */
    private final class Renewals implements StreamObserver<LeaseKeepAliveResponse> {
        private final long id;

        Renewals(long id) {
            this.id = id;
        }

        @Override
        public void onNext(LeaseKeepAliveResponse response) {
            if (response.getTTL() <= 0) {
                lost(id, FIRST_RETRY);
            }
        }

        @Override
        public void onError(Throwable t) {
            lost(id, FIRST_RETRY);
        }

        @Override
        public void onCompleted() {
            lost(id, FIRST_RETRY);
        }
    }
}
