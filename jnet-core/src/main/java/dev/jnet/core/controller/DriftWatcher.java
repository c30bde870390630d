package dev.jnet.core.controller;

import dev.jnet.core.driver.Driver;
import dev.jnet.core.model.EndpointId;
import dev.jnet.core.model.NetworkId;
import dev.jnet.kernel.nft.NftCommit;
import dev.jnet.kernel.rtnl.Address;
import dev.jnet.kernel.rtnl.Link;
import dev.jnet.kernel.watch.KernelEvent;
import dev.jnet.kernel.watch.KernelWatch;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Notices drift by itself: one platform thread reads the host namespace's link, address and nftables
 * notifications, turns those about jnet's objects into a {@link Suspicion}, and hands it to
 * {@link DriftRepair} after a short pause that gathers a burst of changes into one check. Every few
 * seconds it also checks the shared state (the firewall) as a safety net for notifications that were
 * lost or that it could not attribute.
 */
final class DriftWatcher implements AutoCloseable {
    /** How long a suspicion waits for the rest of a burst (a bridge and all its ports going) before the check. */
    static final Duration PAUSE = Duration.ofMillis(200);
    /** How often the firewall is checked even without a notification. */
    static final Duration SHARED_STATE_INTERVAL = Duration.ofSeconds(2);
    static final String THREAD_NAME = "jnet-drift-watch";
    /**
     * How often a check is put off while jnet's own changes keep the exclusive lock from being free (a
     * pause each) before it waits for it: about 2 s of a connect storm at most.
     */
    static final int MAX_PUT_OFF = 10;
    private static final System.Logger LOG = System.getLogger(DriftWatcher.class.getName());
    private static final String NETWORK_MARK = Driver.OWNER_MARK + "network:";
    private static final String ENDPOINT_MARK = Driver.OWNER_MARK + "endpoint:";

    private final Context ctx;
    private final DriftRepair repair;
    private final KernelWatch watch;
    private final Thread thread;
    private volatile boolean stopping;
    private boolean failing;
    private int putOff;

    private DriftWatcher(Context ctx, DriftRepair repair, KernelWatch watch) {
        this.ctx = ctx;
        this.repair = repair;
        this.watch = watch;
        this.thread = Thread.ofPlatform().daemon().name(THREAD_NAME).start(this::run);
    }

    /** Starts watching the host namespace; empty (and a warning) if the kernel refuses the notifications. */
    static Optional<DriftWatcher> start(Context ctx, DriftRepair repair) {
        try {
            return Optional.of(new DriftWatcher(ctx, repair, KernelWatch.open(ctx.kernel.executor(), ctx.kernel.hostNamespace())));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "jnet cannot watch the kernel for drift (" + e.getMessage()
                    + "); drift is repaired only at start and by 'jnet system reconcile'");
            return Optional.empty();
        }
    }

    private void run() {
        Suspicion pending = Suspicion.NONE;
        long due = Long.MAX_VALUE;
        long sharedStateDue = System.nanoTime() + SHARED_STATE_INTERVAL.toNanos();
        while (!stopping) {
            for (KernelEvent event : next(Math.min(due, sharedStateDue))) {
                Suspicion s = suspicion(event, ctx.state());
                if (!s.isEmpty()) {
                    pending = pending.and(s);
                    due = Math.min(due, System.nanoTime() + PAUSE.toNanos());
                }
            }
            long now = System.nanoTime();
            if (now - sharedStateDue >= 0) {
                pending = pending.and(Suspicion.sharedState("the periodic check"));
                due = now;
                sharedStateDue = now + SHARED_STATE_INTERVAL.toNanos();
            }
            if (!stopping && now - due >= 0) {
                if (check(pending)) {
                    pending = Suspicion.NONE;
                    due = Long.MAX_VALUE;
                } else {
                    due = System.nanoTime() + PAUSE.toNanos();
                }
            }
        }
    }

    private List<KernelEvent> next(long until) {
        try {
            List<KernelEvent> events = watch.await(Duration.ofNanos(Math.max(0, until - System.nanoTime())));
            failing = false;
            return events;
        } catch (RuntimeException e) {
            LOG.log(failing ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                    "jnet's drift watch could not read kernel notifications (it checks everything instead): " + e.getMessage());
            failing = true;
            pauseAfterFailure();
            return List.of(new KernelEvent.EventsLost("unreadable notifications"));
        }
    }

    /** A failing socket must not spin the thread; close() waits at most this long more. */
    private static void pauseAfterFailure() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Checks (and repairs); false when it must be done again after a pause, jnet being busy. */
    private boolean check(Suspicion suspicion) {
        try {
            if (repair.checkAndRepair(suspicion, putOff >= MAX_PUT_OFF, () -> stopping) == DriftRepair.Outcome.BUSY) {
                putOff++;
                return false;
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "jnet could not check for drift: " + e.getMessage());
        }
        putOff = 0;
        return true;
    }

    /** What an event makes suspect; nothing for objects that are not jnet's, or no longer expected. */
    private Suspicion suspicion(KernelEvent event, State state) {
        return switch (event) {
            case KernelEvent.LinkChanged c -> linkChanged(c, state);
            case KernelEvent.AddressChanged a -> a.deleted() && a.address().scope() != Address.SCOPE_LINK
                    ? addressRemoved(a.address(), state) : Suspicion.NONE;
            case KernelEvent.NftChanged n -> n.commit().fromThisProcess() ? Suspicion.NONE
                    : Suspicion.sharedState(describe(n.commit()));
            case KernelEvent.EventsLost lost -> Suspicion.everything("lost " + lost.source() + " notifications");
        };
    }

    private static Suspicion linkChanged(KernelEvent.LinkChanged c, State state) {
        Link link = c.link();
        String alias = link.alias();
        if (alias.startsWith(NETWORK_MARK) && c.deleted()) {
            return parse(() -> new NetworkId(alias.substring(NETWORK_MARK.length())))
                    .filter(state.networks()::containsKey)
                    .map(id -> Suspicion.network(id, "link " + link.name() + " deleted")).orElse(Suspicion.NONE);
        }
        if (alias.startsWith(ENDPOINT_MARK) && (c.deleted() || link.masterIndex() == 0)) {
            return parse(() -> new EndpointId(alias.substring(ENDPOINT_MARK.length())))
                    .filter(state.endpoints()::containsKey)
                    .map(id -> Suspicion.endpoint(id, "link " + link.name() + (c.deleted() ? " deleted" : " left its bridge")))
                    .orElse(Suspicion.NONE);
        }
        return Suspicion.NONE;
    }

    /** An address removed from a jnet network's link (its bridge): the link is looked up, it may be gone. */
    private Suspicion addressRemoved(Address address, State state) {
        try {
            return ctx.kernel.host().links().find(address.index())
                    .filter(l -> l.alias().startsWith(NETWORK_MARK))
                    .flatMap(l -> parse(() -> new NetworkId(l.alias().substring(NETWORK_MARK.length())))
                            .filter(state.networks()::containsKey)
                            .map(id -> Suspicion.network(id, "address " + address.cidr() + " removed from " + l.name())))
                    .orElse(Suspicion.NONE);
        } catch (RuntimeException e) {
            return Suspicion.NONE; // the link went too: its own notification tells
        }
    }

    private static <T> Optional<T> parse(java.util.function.Supplier<T> id) {
        try {
            return Optional.of(id.get());
        } catch (RuntimeException e) {
            return Optional.empty(); // a mark jnet did not write
        }
    }

    private static String describe(NftCommit commit) {
        String who = commit.process().isEmpty() ? "a process" : commit.process();
        return who + " (pid " + commit.pid() + ") changed nftables" + (commit.tables().isEmpty() ? ""
                : " " + String.join(", ", commit.tables().stream().sorted().toList()));
    }

    /** Stops the thread (after a check in progress) and closes the notification sockets. */
    @Override
    public synchronized void close() {
        if (stopping) {
            return; // closed already (an uninstall stops the watcher before the controller closes)
        }
        stopping = true;
        watch.wakeUp();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        watch.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
