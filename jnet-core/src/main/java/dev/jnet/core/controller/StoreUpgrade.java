package dev.jnet.core.controller;

import dev.jnet.core.driver.DriverRegistry;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.JoinRecord;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.store.Store;
import dev.jnet.core.store.StoreChange;
import dev.jnet.core.store.StoredState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Completes endpoints stored by a jnet that kept no join records nor host ids (store format 1): their
 * drivers say what the join recorded, they get this host's id, and the store keeps both, once.
 */
final class StoreUpgrade {
    private StoreUpgrade() {}

    static StoredState joinRecords(StoredState stored, Store store, DriverRegistry drivers, String hostId) {
        if (stored.endpoints().stream().allMatch(e -> e.joined().isPresent() && !e.host().isEmpty())) {
            return stored;
        }
        Map<NetworkId, Network> networks = stored.networks().stream().collect(Collectors.toMap(Network::id, Function.identity()));
        List<Endpoint> endpoints = new ArrayList<>();
        List<StoreChange> changes = new ArrayList<>();
        for (Endpoint e : stored.endpoints()) {
            Endpoint upgraded = e;
            Network network = networks.get(e.network());
            // An endpoint whose driver is not registered keeps waiting for it: its record is made once it is.
            var driver = drivers.find(network.driver());
            if (e.joined().isEmpty() && driver.isPresent()) {
                JoinRecord record = driver.get().restoredJoin(network, e);
                upgraded = upgraded.joinedAs(record, e.ports(), e.ipv4(), e.ipv6());
            }
            if (e.host().isEmpty()) {
                upgraded = upgraded.onHost(hostId);
            }
            endpoints.add(upgraded);
            if (upgraded != e) {
                changes.add(new StoreChange.PutEndpoint(upgraded));
            }
        }
        store.write(changes);
        return new StoredState(stored.networks(), endpoints, stored.sandboxes());
    }
}
