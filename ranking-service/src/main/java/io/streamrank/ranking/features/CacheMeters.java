package io.streamrank.ranking.features;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters of one in-process read cache: {@code <name>_total{result="hit|stale|miss"}}, stale being a value past its
 * TTL used while a background read refreshes it (ADR 47).
 */
public record CacheMeters(Counter hits, Counter stale, Counter misses) {

    public static CacheMeters register(MeterRegistry meters, String name, String what) {
        String description = what + " used from the in-process cache (hit), from it past the TTL while a background"
                + " read refreshes it (stale), or read from Redis (miss)";
        return new CacheMeters(
                Counter.builder(name).tag("result", "hit").description(description).register(meters),
                Counter.builder(name).tag("result", "stale").description(description).register(meters),
                Counter.builder(name).tag("result", "miss").description(description).register(meters));
    }

    /** Counts one request's lookups: {@code stale} and {@code misses} of them, the rest hits. */
    public void lookups(int lookups, int stale, int misses) {
        hits.increment(lookups - stale - misses);
        this.stale.increment(stale);
        this.misses.increment(misses);
    }
}
