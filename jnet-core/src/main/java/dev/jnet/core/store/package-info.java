/** Persistent state: the store contract, the embedded SQLite store and an in-memory store for tests. */
package dev.jnet.core.store;
