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
import java.util.function.LongConsumer;

/**
 * Per item: the original value ({@code i:}, clicks over 1 h), the behaviour counts with CTR/CVR/trending
 * ({@code is:}) and the item's score in the global and per-category popularity sets (clicks over 1 h; an item leaves
 * them when its count drops to zero).
 */
public final class ItemFeatureLogic implements FeatureLogic<ClickEvent, ItemState> {

    private static final long serialVersionUID = 1L;
    private static final ItemStatsState WINDOWS = new ItemStatsState();

    private final String keyPrefix;
    private transient RedisKeys keys;

    public ItemFeatureLogic(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    private RedisKeys keys() {
        if (keys == null) {
            keys = new RedisKeys(keyPrefix);
        }
        return keys;
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
    public Duration stateTtl() {
        return FeatureNames.ITEM_STATS_24H_WINDOW.plus(FeatureNames.ITEM_STATS_24H_BUCKET);
    }

    @Override
    public void apply(ItemState s, ClickEvent e) {
        s.clicks.add(e);
        s.stats.add(e, s.clock);
    }

    @Override
    public void expiries(ClickEvent e, LongConsumer out) {
        // The click window's one-minute buckets expire together with the stats' one-hour window.
        WINDOWS.expiriesOf(e, out);
    }

    @Override
    public boolean evict(ItemState s, long asOf) {
        boolean changed = s.clicks.evict(asOf);
        changed |= s.stats.evict(asOf);
        return changed;
    }

    @Override
    public void values(long itemId, ItemState s, long updatedAt, Consumer<RedisWrite> out) {
        ItemFeatures f = s.clicks.snapshot(s.clock, updatedAt);
        long ttl = FeatureNames.ITEM_KEY_TTL.toMillis();
        out.accept(RedisWrite.set(keys().item(itemId), FeatureCodec.encodeItem(f), ttl));
        out.accept(RedisWrite.set(keys().itemStats(itemId),
                FeatureCodec.encodeItemStats(s.stats.snapshot(s.clock, updatedAt)),
                FeatureNames.ITEM_STATS_KEY_TTL.toMillis()));
        String member = Long.toString(itemId);
        if (f.clicks1h() > 0) {
            out.accept(RedisWrite.zadd(keys().popularAll(), member, f.clicks1h(), ttl));
            out.accept(RedisWrite.zadd(keys().popularCategory(f.categoryId()), member, f.clicks1h(), ttl));
        } else {
            out.accept(RedisWrite.zrem(keys().popularAll(), member));
            out.accept(RedisWrite.zrem(keys().popularCategory(f.categoryId()), member));
        }
    }
}
