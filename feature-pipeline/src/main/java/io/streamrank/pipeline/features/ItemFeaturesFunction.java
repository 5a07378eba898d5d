package io.streamrank.pipeline.features;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.FeatureNames;
import io.streamrank.contract.features.ItemFeatureState;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.pipeline.redis.RedisWrite;
import java.io.IOException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by item: keeps clicks in one-minute buckets over a sliding hour and writes the item's feature value plus its
 * score in the global and per-category popularity sets, on every event and whenever a bucket slides out. When no
 * click is left in the window the item leaves the popularity sets; state is cleared once the item is idle for its TTL.
 */
public final class ItemFeaturesFunction extends KeyedProcessFunction<Long, ClickEvent, RedisWrite> {

    private static final long serialVersionUID = 1L;
    private static final long TTL_MS = FeatureNames.ITEM_KEY_TTL.toMillis();

    private final String keyPrefix;
    private transient RedisKeys keys;
    private transient ValueState<ItemFeatureState> state;

    public ItemFeaturesFunction(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    @Override
    public void open(OpenContext openContext) {
        keys = new RedisKeys(keyPrefix);
        ValueStateDescriptor<ItemFeatureState> descriptor =
                new ValueStateDescriptor<>("item-features", ItemFeatureState.class);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(FeatureNames.ITEM_KEY_TTL.multipliedBy(2)).build());
        state = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(ClickEvent event, Context ctx, Collector<RedisWrite> out) throws IOException {
        ItemFeatureState s = state.value();
        if (s == null) {
            s = new ItemFeatureState();
        }
        s.add(event);
        state.update(s);
        emit(event.itemId(), s.snapshot(s.maxTimestamp, System.currentTimeMillis()), out);
        scheduleTimers(ctx.timerService(), s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RedisWrite> out) throws IOException {
        ItemFeatureState s = state.value();
        if (s == null) {
            return;
        }
        long itemId = ctx.getCurrentKey();
        if (s.evict(timestamp)) {
            emit(itemId, s.snapshot(timestamp, System.currentTimeMillis()), out);
        }
        if (!s.hasClicks() && timestamp >= s.maxTimestamp + TTL_MS) {
            state.clear();
            return;
        }
        state.update(s);
        scheduleTimers(ctx.timerService(), s);
    }

    private void emit(long itemId, ItemFeatures f, Collector<RedisWrite> out) {
        String member = Long.toString(itemId);
        out.collect(RedisWrite.set(keys.item(itemId), FeatureCodec.encodeItem(f), TTL_MS));
        if (f.clicks1h() > 0) {
            out.collect(RedisWrite.zadd(keys.popularAll(), member, f.clicks1h(), TTL_MS));
            out.collect(RedisWrite.zadd(keys.popularCategory(f.categoryId()), member, f.clicks1h(), TTL_MS));
        } else {
            out.collect(RedisWrite.zrem(keys.popularAll(), member));
            out.collect(RedisWrite.zrem(keys.popularCategory(f.categoryId()), member));
        }
    }

    private static void scheduleTimers(TimerService timers, ItemFeatureState s) {
        long expiry = s.nextExpiry();
        if (expiry > 0) {
            timers.registerEventTimeTimer(expiry);
        }
        timers.registerEventTimeTimer(s.maxTimestamp + TTL_MS);
    }
}
