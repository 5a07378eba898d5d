package io.streamrank.ranking.catalog;

import io.lettuce.core.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.contract.catalog.CatalogCodec;
import io.streamrank.contract.catalog.CatalogItem;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.cache.StaleValues;
import io.streamrank.ranking.features.CacheMeters;
import io.streamrank.ranking.features.RedisConnection;
import io.streamrank.ranking.features.RedisRound;
import io.streamrank.ranking.features.SharedItemValues;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The catalog in Redis: one value per item ({@code cat:i:<id>}, {@link CatalogCodec}) plus the sorted sets of new
 * items ({@code cat:new}, {@code cat:new:c:<cat>}, scored by created-at) that feed new-item retrieval. Catalog
 * values have no TTL: they are reference data, not features. Reads go through {@link CatalogCache}.
 */
@Component
public class CatalogStore extends SharedItemValues {

    private final RedisKeys keys;
    private final CatalogCache cache;
    private final CatalogWrites writes;
    private final CacheMeters cacheMeters;
    /** Gives up a failed refresh's claim (ADR 47); built once. */
    private final LongConsumer release;

    CatalogStore(RedisConnection redis, CatalogCache cache, RankingProperties properties,
                 ApplicationEventPublisher events, MeterRegistry meters) {
        super(redis, meters, "catalog", redis.keys()::catalogItem);
        this.keys = redis.keys();
        this.cache = cache;
        this.writes = new CatalogWrites(redis, cache, properties, events);
        this.cacheMeters = CacheMeters.register(meters, "streamrank.catalog.cache", "Catalog entries");
        this.release = cache::release;
    }

    /**
     * The catalog fields of the items by position in {@code itemIds} (category 0 where the catalog has none): cached
     * ones at once (stale ones too, whose refresh then rides the next round any request sends), the rest with one MGET
     * in the round. Copied into columns, no object per item (ADR 74). The supplier is valid once the round is awaited.
     */
    public Supplier<CatalogColumns> lookup(RedisRound round, long[] itemIds) {
        int n = itemIds.length;
        long nowNanos = System.nanoTime();
        CatalogColumns entries = new CatalogColumns(n);
        // Made at the first miss only: nearly every lookup is all hits (as in the item values' lookup).
        int[] misses = null;
        int missCount = 0;
        StaleValues stale = new StaleValues();
        cache.touch(itemIds);
        for (int i = 0; i < n; i++) {
            if (!cache.read(itemIds[i], nowNanos, stale, entries, i)) {
                if (misses == null) {
                    misses = new int[n - i];
                }
                misses[missCount++] = i;
            }
        }
        cacheMeters.lookups(n, stale.used(), missCount);
        refresh(stale, release);
        if (missCount == 0) {
            return () -> entries;
        }
        String[] k = new String[missCount];
        for (int m = 0; m < missCount; m++) {
            k[m] = keys.catalogItem(itemIds[misses[m]]);
        }
        RedisRound.Reply<List<KeyValue<String, String>>> reply = round.add(c -> c.mget(k));
        int fetched = missCount;
        int[] missed = misses;
        return () -> {
            List<KeyValue<String, String>> values = reply.get();
            // When the reply was read, not now: Redis may have announced a change since (ADR 56).
            long readAt = reply.readAtNanos();
            for (int m = 0; m < fetched; m++) {
                int i = missed[m];
                CatalogItem item = decode(itemIds[i], values.get(m));
                cache.put(itemIds[i], item, readAt);
                entries.put(i, item);
            }
            return entries;
        };
    }

    @Override
    public boolean cached() {
        return cache.enabled();
    }

    @Override
    public String keyPattern() {
        return keys.catalogItemPattern();
    }

    @Override
    protected boolean holds(long itemId, long nowNanos) {
        return cache.holds(itemId, nowNanos);
    }

    @Override
    protected void put(long itemId, String value, long readAtNanos) {
        cache.put(itemId, decode(itemId, value), readAtNanos);
    }

    /** One item, read through (not from) the cache. */
    public Optional<CatalogItem> get(long itemId) {
        RedisRound round = redis().round();
        RedisRound.Reply<String> reply = round.add(c -> c.get(keys.catalogItem(itemId)));
        round.await();
        CatalogItem item = decode(itemId, reply.get() == null ? null : KeyValue.just("", reply.get()));
        cache.put(itemId, item, reply.readAtNanos());
        return Optional.ofNullable(item);
    }

    /**
     * Writes the items and maintains the new-item sets ({@link CatalogWrites#upsert}).
     *
     * @return the items written (each id once)
     */
    int upsert(List<CatalogItem> given) {
        return writes.upsert(given);
    }

    /** The stored entry, {@code null} when absent or unreadable. */
    static CatalogItem decode(long itemId, KeyValue<String, String> kv) {
        return decode(itemId, kv == null || !kv.hasValue() ? null : kv.getValue());
    }

    private static CatalogItem decode(long itemId, String value) {
        if (value == null) {
            return null;
        }
        try {
            return CatalogCodec.decode(itemId, value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
