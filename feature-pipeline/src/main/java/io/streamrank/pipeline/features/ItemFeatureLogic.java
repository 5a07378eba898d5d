package io.streamrank.pipeline.features;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.FeatureNames;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.ItemStatsState;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.pipeline.redis.RedisWrite;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Per item: the original value ({@code i:}, clicks over 1 h), the behaviour counts with CTR/CVR/trending
 * ({@code is:}) and the item's score in the global and per-category popularity sets (clicks over 1 h; an item leaves
 * them when its count drops to zero, and the old category's set when its newest event names another category).
 */
public final class ItemFeatureLogic implements FeatureLogic<ClickEvent, ItemState> {

    /** Value bits: the original item value with its popularity scores, and the stats ({@code is:}). */
    static final int ITEM = 1;
    static final int STATS = 2;

    private static final long serialVersionUID = 1L;
    private static final ItemStatsState WINDOWS = new ItemStatsState();

    private final RedisKeys keys;

    public ItemFeatureLogic(String keyPrefix) {
        this.keys = new RedisKeys(keyPrefix);
    }

    @Override
    public ItemState newState() {
        return new ItemState();
    }

    @Override
    public long eventTime(ClickEvent e) {
        return e.timestamp();
    }

    @Override
    public long cleanupTime(long newestEventTime) {
        return WINDOWS.last24h.expiryOf(newestEventTime);
    }

    @Override
    public Duration stateTtl() {
        return FeatureNames.ITEM_STATS_24H_WINDOW.plus(FeatureNames.ITEM_STATS_24H_BUCKET);
    }

    @Override
    public int allValues() {
        return ITEM | STATS;
    }

    @Override
    public void apply(ItemState s, ClickEvent e) {
        s.clicks.add(e);
        s.stats.add(e, s.clock);
    }

    @Override
    public void expiries(ClickEvent e, WindowTimer out) {
        // The click window's one-minute buckets expire together with the stats' one-hour window.
        out.accept(0, WINDOWS.last1h.expiryOf(e.timestamp()));
        out.accept(1, WINDOWS.last24h.expiryOf(e.timestamp()));
    }

    @Override
    public int evict(ItemState s, long asOf) {
        boolean clicks = s.clicks.evict(asOf);
        boolean stats = s.stats.evict(asOf);
        return (clicks ? ITEM : 0) | (stats ? STATS : 0);
    }

    @Override
    public void values(long itemId, ItemState s, int values, long updatedAt, Consumer<RedisWrite> out) {
        if ((values & ITEM) != 0) {
            ItemFeatures f = s.clicks.snapshot(s.clock, updatedAt);
            long ttl = FeatureNames.ITEM_KEY_TTL.toMillis();
            out.accept(RedisWrite.set(keys.item(itemId), FeatureCodec.encodeItem(f), ttl));
            String member = Long.toString(itemId);
            if (s.listed && s.listedCategory != f.categoryId()) {
                // The newest event names another category: the old category's set must not keep serving the item.
                out.accept(RedisWrite.zrem(keys.popularCategory(s.listedCategory), member));
            }
            if (f.clicks1h() > 0) {
                out.accept(RedisWrite.zadd(keys.popularAll(), member, f.clicks1h(), ttl));
                out.accept(RedisWrite.zadd(keys.popularCategory(f.categoryId()), member, f.clicks1h(), ttl));
            } else {
                out.accept(RedisWrite.zrem(keys.popularAll(), member));
                out.accept(RedisWrite.zrem(keys.popularCategory(f.categoryId()), member));
            }
            s.listed = f.clicks1h() > 0;
            s.listedCategory = f.categoryId();
        }
        if ((values & STATS) != 0) {
            out.accept(RedisWrite.set(keys.itemStats(itemId),
                    FeatureCodec.encodeItemStats(s.stats.snapshot(s.clock, updatedAt)),
                    FeatureNames.ITEM_STATS_KEY_TTL.toMillis()));
        }
    }
}
