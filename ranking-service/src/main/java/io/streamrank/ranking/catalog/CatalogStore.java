package io.streamrank.ranking.catalog;

import io.lettuce.core.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.contract.catalog.CatalogCodec;
import io.streamrank.contract.catalog.CatalogItem;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.features.CacheMeters;
import io.streamrank.ranking.features.RedisConnection;
import io.streamrank.ranking.features.RedisRound;
import io.streamrank.ranking.features.SharedItemValues;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The catalog in Redis: one value per item ({@code cat:i:<id>}, {@link CatalogCodec}) plus the sorted sets of new
 * items ({@code cat:new}, {@code cat:new:c:<cat>}, scored by created-at) that feed new-item retrieval. Catalog
 * values have no TTL: they are reference data, not features. Reads go through {@link CatalogCache}.
 */
@Component
public class CatalogStore extends SharedItemValues<CatalogColumns> {

    private final RedisKeys keys;
    private final CatalogCache cache;
    private final CatalogWrites writes;

    CatalogStore(RedisConnection redis, CatalogCache cache, RankingProperties properties,
                 ApplicationEventPublisher events, MeterRegistry meters) {
        super(redis, meters, "catalog", redis.keys()::catalogItem, cache.slots(),
                CacheMeters.register(meters, "streamrank.catalog.cache", "Catalog entries"));
        this.keys = redis.keys();
        this.cache = cache;
        this.writes = new CatalogWrites(redis, cache, properties, events);
    }

    /**
     * The catalog fields of the items by position in {@code itemIds} (category 0 where the catalog has none): cached
     * ones at once (stale ones too, whose refresh then rides the next round any request sends), the rest with one MGET
     * in the round. Copied into columns, no object per item (ADR 74). The supplier is valid once the round is awaited.
     */
    public Supplier<CatalogColumns> lookup(RedisRound round, long[] itemIds) {
        return lookup(round, itemIds, new CatalogColumns(itemIds.length));
    }

    @Override
    public String keyPattern() {
        return keys.catalogItemPattern();
    }

    @Override
    protected void put(long itemId, String value, long readAtNanos) {
        cache.put(itemId, decode(itemId, value), readAtNanos);
    }

    @Override
    protected void put(long itemId, String value, long readAtNanos, CatalogColumns into, int position) {
        CatalogItem item = decode(itemId, value);
        cache.put(itemId, item, readAtNanos);
        into.put(position, item);
    }

    /** One item, read through (not from) the cache. */
    public Optional<CatalogItem> get(long itemId) {
        RedisRound round = redis().round();
        RedisRound.Reply<String> reply = round.addRead(c -> c.get(keys.catalogItem(itemId)), null);
        round.await();
        CatalogItem item = decode(itemId, reply.get());
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
        return decode(itemId, value(kv));
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
