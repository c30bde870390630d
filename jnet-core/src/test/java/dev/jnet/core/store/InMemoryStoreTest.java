package dev.jnet.core.store;

class InMemoryStoreTest extends StoreContractTest {
    @Override
    Store openStore() {
        return new InMemoryStore();
    }
}
