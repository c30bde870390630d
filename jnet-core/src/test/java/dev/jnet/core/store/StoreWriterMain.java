package dev.jnet.core.store;

import dev.jnet.core.model.Network;
import dev.jnet.core.model.Sandbox;

import java.nio.file.Path;
import java.util.List;

/**
 * The child process of {@link SqliteStoreCrashTest}: writes {@code COUNT} batches (a network, a sandbox
 * and the endpoint joining them) to the store in {@code STATE_DIR}, one by one, and prints each network's
 * id on its own line once {@link Store#write} has returned, that is once the write is acknowledged.
 */
final class StoreWriterMain {
    private StoreWriterMain() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: StoreWriterMain STATE_DIR COUNT");
            System.exit(2);
        }
        int count = Integer.parseInt(args[1]);
        try (SqliteStore store = SqliteStore.open(Path.of(args[0]))) {
            for (int i = 0; i < count; i++) {
                Network network = StoreFixtures.richNetwork("net-" + i);
                Sandbox sandbox = StoreFixtures.richSandbox("box-" + i);
                store.write(List.of(new StoreChange.PutNetwork(network), new StoreChange.PutSandbox(sandbox),
                        new StoreChange.PutEndpoint(StoreFixtures.richEndpoint(network, sandbox))));
                System.out.println(network.id());
                System.out.flush();
            }
        }
    }
}
