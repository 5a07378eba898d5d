package io.streamrank.ranking.catalog;

import io.lettuce.core.KeyValue;
import io.lettuce.core.Range;
import io.streamrank.contract.catalog.CatalogCodec;
import io.streamrank.contract.catalog.CatalogItem;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.features.RedisConnection;
import io.streamrank.ranking.features.RedisRound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The catalog's bulk upserts for {@link CatalogStore}: the items' values, the new-item sets kept in step with them,
 * and the cache and the listeners told of what was written.
 */
final class CatalogWrites {

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final CatalogCache cache;
    private final long newWindowMs;
    private final Duration writeTimeout;
    private final ApplicationEventPublisher events;

    CatalogWrites(RedisConnection redis, CatalogCache cache, RankingProperties properties,
                  ApplicationEventPublisher events) {
        this.redis = redis;
        this.keys = redis.keys();
        this.cache = cache;
        this.newWindowMs = properties.catalog().newItemWindow().toMillis();
        this.writeTimeout = properties.catalog().writeTimeout();
        this.events = events;
    }

    /**
     * Writes the items and maintains the new-item sets, all in one batch (one round, after one that reads the items'
     * stored categories); waits for every write within the write timeout. An item id given twice is written once, as
     * its last entry says (both entries' writes would leave it in two categories' new-item sets).
     *
     * @return the items written (each id once)
     */
    int upsert(List<CatalogItem> given) {
        List<CatalogItem> items = lastOfEachItem(given);
        Map<Long, Long> movedFrom = previousCategories(items);
        RedisRound round = redis.round(writeTimeout);
        long now = System.currentTimeMillis();
        long newSince = now - newWindowMs;
        Set<Long> categories = new LinkedHashSet<>();
        Set<String> grown = new LinkedHashSet<>();
        List<RedisRound.Reply<String>> written = new ArrayList<>(items.size());
        for (CatalogItem item : items) {
            String id = Long.toString(item.itemId());
            String value = CatalogCodec.encode(item);
            written.add(round.add(c -> c.set(keys.catalogItem(item.itemId()), value)));
            String inCategory = keys.newItemsInCategory(item.categoryId());
            if (item.available() && item.createdAt() > newSince) {
                round.add(c -> c.zadd(keys.newItems(), item.createdAt(), id));
                round.add(c -> c.zadd(inCategory, item.createdAt(), id));
                grown.add(keys.newItems());
                grown.add(inCategory);
            } else {
                round.add(c -> c.zrem(keys.newItems(), id));
                round.add(c -> c.zrem(inCategory, id));
            }
            Long from = movedFrom.get(item.itemId());
            if (from != null) {
                // Moved: out of its old category's new items too, or it stays retrieved there for up to the window.
                round.add(c -> c.zrem(keys.newItemsInCategory(from), id));
                categories.add(from);
            }
            categories.add(item.categoryId());
        }
        // Items age out of the new sets here and at read time (reads ask only for scores inside the window).
        Range<Long> old = Range.create(0L, newSince);
        round.add(c -> c.zremrangebyscore(keys.newItems(), old));
        for (Long cat : categories) {
            round.add(c -> c.zremrangebyscore(keys.newItemsInCategory(cat), old));
        }
        // A set lives a window (plus the furthest createdAt ahead) after an item last joined it: every member has aged
        // out by then. Without a TTL a category no upsert touched again kept its members for good.
        long setTtl = newWindowMs + CatalogLimits.MAX_FUTURE_MS;
        for (String key : grown) {
            round.add(c -> c.pexpire(key, setTtl));
        }
        round.await();
        // As of each write's reply: this instance's own writes are not announced to it (tracking's NOLOOP, ADR 56),
        // another instance's later write of the item is, after that reply.
        for (int i = 0; i < items.size(); i++) {
            cache.written(items.get(i).itemId(), items.get(i), written.get(i).readAtNanos());
        }
        events.publishEvent(new CatalogChanged(Set.copyOf(categories)));
        return items.size();
    }

    private static List<CatalogItem> lastOfEachItem(List<CatalogItem> items) {
        Map<Long, CatalogItem> last = new LinkedHashMap<>(items.size() * 2);
        for (CatalogItem item : items) {
            last.put(item.itemId(), item);
        }
        return last.size() == items.size() ? items : List.copyOf(last.values());
    }

    /**
     * The stored category of each item that this upsert moves to another one, read in a round of its own before the
     * writes. Two upserts moving the same item at once can still leave it in a set until it ages out.
     */
    private Map<Long, Long> previousCategories(List<CatalogItem> items) {
        String[] k = items.stream().map(i -> keys.catalogItem(i.itemId())).toArray(String[]::new);
        RedisRound round = redis.round(writeTimeout);
        RedisRound.Reply<List<KeyValue<String, String>>> reply = round.add(c -> c.mget(k));
        round.await();
        Map<Long, Long> moved = new HashMap<>();
        List<KeyValue<String, String>> stored = reply.get();
        for (int i = 0; i < items.size(); i++) {
            CatalogItem before = CatalogStore.decode(items.get(i).itemId(), stored.get(i));
            if (before != null && before.categoryId() != items.get(i).categoryId()) {
                moved.put(before.itemId(), before.categoryId());
            }
        }
        return moved;
    }
}
