package dev.jnet.core.controller;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotMapTest {

    @Test
    void everySnapshotAgreesWithAHashMapThroughRandomChangesAndEarlierSnapshotsStayAsTheyWere() {
        Random random = new Random(42);
        Map<Integer, String> model = new HashMap<>();
        SnapshotMap<Integer, String> map = SnapshotMap.empty();
        SnapshotMap<Integer, String> kept = map;
        Map<Integer, String> keptModel = Map.of();
        for (int step = 0; step < 20_000; step++) {
            int key = random.nextInt(3_000);
            SnapshotMap<Integer, String> before = map;
            String valueBefore = model.get(key);
            if (random.nextInt(3) == 0) {
                map = map.without(key);
                model.remove(key);
            } else {
                map = map.with(key, "v" + step);
                model.put(key, "v" + step);
            }
            assertThat(map.get(key)).isEqualTo(model.get(key));
            assertThat(map.containsKey(key)).isEqualTo(model.containsKey(key));
            assertThat(map.size()).isEqualTo(model.size());
            assertThat(before.get(key)).as("the snapshot before step %d", step).isEqualTo(valueBefore);
            if (step % 2_000 == 0) {
                assertThat(map).isEqualTo(model);
                assertThat(kept).as("a snapshot taken 2,000 changes ago").isEqualTo(keptModel);
                kept = map;
                keptModel = Map.copyOf(model);
            }
        }
        assertThat(map).isEqualTo(model);
        assertThat(map.entrySet()).hasSize(model.size());
        assertThat(map.hashCode()).isEqualTo(model.hashCode());
    }

    @Test
    void theKeysOfOnePartSpreadOverTheBucketsOfItsHashMap() {
        java.util.Set<Integer> buckets = new java.util.HashSet<>();
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            String key = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
            if (SnapshotMap.part(key) == 0) {
                int h = key.hashCode();
                buckets.add((h ^ (h >>> 16)) & 127); // HashMap's bucket in a table of 128
            }
        }
        assertThat(buckets).as("buckets used by about 780 keys of one part").hasSizeGreaterThan(100);
    }

    @Test
    void aCopyHoldsWhatTheSourceHeldAndACopyOfASnapshotIsTheSnapshot() {
        Map<String, Integer> source = Map.of("a", 1, "b", 2, "c", 3);

        SnapshotMap<String, Integer> copy = SnapshotMap.copyOf(source);

        assertThat(copy).isEqualTo(source).hasSize(3);
        assertThat(SnapshotMap.copyOf(copy)).isSameAs(copy);
        assertThat(copy.without("zz")).isSameAs(copy);
    }

    @Test
    void itIsReadOnlyAndRefusesNulls() {
        SnapshotMap<String, Integer> map = SnapshotMap.<String, Integer>empty().with("a", 1);

        assertThatThrownBy(() -> map.put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.entrySet().iterator().next().setValue(5))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.values().remove(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.with(null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> map.with("b", null)).isInstanceOf(NullPointerException.class);
        assertThat(map.get(null)).isNull();
        assertThat(List.copyOf(map.keySet())).containsExactly("a");
    }
}
