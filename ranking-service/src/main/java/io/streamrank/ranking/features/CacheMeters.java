package io.streamrank.ranking.features;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Hit and miss counters of one in-process read cache: {@code <name>_total{result="hit|miss"}}. */
public record CacheMeters(Counter hits, Counter misses) {

    public static CacheMeters register(MeterRegistry meters, String name, String what) {
        String description = what + " used from the in-process cache (hit) or read from Redis (miss)";
        return new CacheMeters(
                Counter.builder(name).tag("result", "hit").description(description).register(meters),
                Counter.builder(name).tag("result", "miss").description(description).register(meters));
    }
}
