package io.streamrank.ranking.features;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Whether Redis announces changes of the cached keys ({@code streamrank_redis_tracking_active}, 1 or 0) and how many
 * it announced ({@code streamrank_redis_tracking_invalidations_total}); ADR 56.
 */
@Component
class TrackingMeters {

    TrackingMeters(RedisConnection redis, MeterRegistry meters) {
        Gauge.builder("streamrank.redis.tracking.active", redis, r -> r.tracking().trusted() ? 1 : 0)
                .description("1 while Redis announces changes of the cached item values, catalog entries and lists"
                        + " (they are then kept until changed), 0 while caches use their short TTLs")
                .register(meters);
        FunctionCounter.builder("streamrank.redis.tracking.invalidations", redis, RedisConnection::invalidations)
                .description("Cached keys Redis announced as changed, expired or evicted (a flush counts one)")
                .register(meters);
    }
}
