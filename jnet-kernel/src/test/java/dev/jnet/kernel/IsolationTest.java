package dev.jnet.kernel;

import dev.jnet.kernel.rtnl.LinkSpec;
import dev.jnet.kernel.rtnl.RtNetlink;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.TestKernel;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.IfName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(NetnsExtension.class)
class IsolationTest {

    @Test
    void workInFourNamespacesFromManyThreadsNeverLandsInTheWrongOne(ThrowawayNs n0, ThrowawayNs n1,
                                                                      ThrowawayNs n2, ThrowawayNs n3) throws Exception {
        List<ThrowawayNs> namespaces = List.of(n0, n1, n2, n3);
        ConcurrentHashMap<Integer, Set<String>> expected = new ConcurrentHashMap<>();
        int threads = 8;
        int rounds = 15;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        int target = (thread + r) % namespaces.size();
                        String name = "t" + thread + "r" + r + "n" + target;
                        ThrowawayNs ns = namespaces.get(target);
                        if (r % 2 == 0) {
                            ns.rtnl().links().create(new LinkSpec.Bridge(IfName.of(name)));
                        } else {
                            // A socket opened for this round, inside the namespace, from a pool thread.
                            try (RtNetlink fresh = RtNetlink.open(TestKernel.executor(), ns.ns())) {
                                fresh.links().create(new LinkSpec.Bridge(IfName.of(name)));
                            }
                        }
                        expected.computeIfAbsent(target, k -> ConcurrentHashMap.newKeySet()).add(name);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        for (int i = 0; i < namespaces.size(); i++) {
            Set<String> seen = new TreeSet<>(namespaces.get(i).ipLinkNames());
            seen.remove("lo");
            assertThat(seen).as("links in namespace " + i).isEqualTo(new TreeSet<>(expected.get(i)));
        }
    }
}
