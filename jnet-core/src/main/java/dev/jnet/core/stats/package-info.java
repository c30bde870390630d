/** Counters jnet keeps as it works, cheap to record on every operation and read when metrics are scraped. */
package dev.jnet.core.stats;
