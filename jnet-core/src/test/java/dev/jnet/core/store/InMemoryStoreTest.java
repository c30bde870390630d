package dev.jnet.core.store;

class InMemoryStoreTest extends StoreContractTest {
    @Override
    protected Store openStore() {
        return new InMemoryStore();
    }
}
