package io.streamrank.ranking.features;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.ranking.RankingProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * Live features and popularity lists from Redis. Every call is bounded by the configured timeout; any failure surfaces
 * as {@link FeatureStoreUnavailableException} so the caller can degrade. A corrupt value counts as missing.
 */
@Component
public class FeatureStore {

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final Duration timeout;

    FeatureStore(RedisConnection redis, RankingProperties properties) {
        this.redis = redis;
        this.keys = new RedisKeys(properties.redis().keyPrefix());
        this.timeout = properties.redis().timeout();
    }

    public UserFeatures user(long userId) {
        String value = await(commands().get(keys.user(userId)));
        if (value == null) {
            return UserFeatures.EMPTY;
        }
        try {
            return FeatureCodec.decodeUser(value);
        } catch (IllegalArgumentException e) {
            return UserFeatures.EMPTY;
        }
    }

    /** Features of each item, {@link ItemFeatures#MISSING} where Redis has none. One MGET round trip. */
    public Map<Long, ItemFeatures> items(List<Long> itemIds) {
        Map<Long, ItemFeatures> out = new HashMap<>(itemIds.size() * 2);
        if (itemIds.isEmpty()) {
            return out;
        }
        String[] k = itemIds.stream().map(keys::item).toArray(String[]::new);
        List<KeyValue<String, String>> values = await(commands().mget(k));
        for (int i = 0; i < values.size(); i++) {
            ItemFeatures f = ItemFeatures.MISSING;
            KeyValue<String, String> kv = values.get(i);
            if (kv.hasValue()) {
                try {
                    f = FeatureCodec.decodeItem(kv.getValue());
                } catch (IllegalArgumentException e) {
                    f = ItemFeatures.MISSING;
                }
            }
            out.put(itemIds.get(i), f);
        }
        return out;
    }

    /** Top items of the global popularity set, most clicked first. */
    public List<Long> popular(int n) {
        return n <= 0 ? List.of() : toIds(await(commands().zrevrange(keys.popularAll(), 0, n - 1)));
    }

    /** Top items of several categories' popularity sets, requested together (pipelined). */
    public Map<Long, List<Long>> popularByCategory(List<Long> categories, int n) {
        Map<Long, List<Long>> out = new HashMap<>();
        if (n <= 0 || categories.isEmpty()) {
            return out;
        }
        RedisAsyncCommands<String, String> c = commands();
        Map<Long, RedisFuture<List<String>>> futures = new HashMap<>();
        for (Long cat : categories) {
            futures.put(cat, c.zrevrange(keys.popularCategory(cat), 0, n - 1));
        }
        futures.forEach((cat, f) -> out.put(cat, toIds(await(f))));
        return out;
    }

    private RedisAsyncCommands<String, String> commands() {
        try {
            return redis.async();
        } catch (RuntimeException e) {
            throw new FeatureStoreUnavailableException("Redis unavailable", e);
        }
    }

    private <T> T await(RedisFuture<T> future) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeatureStoreUnavailableException("interrupted", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new FeatureStoreUnavailableException("Redis call failed or timed out", e);
        }
    }

    private static List<Long> toIds(List<String> members) {
        return members.stream().map(Long::valueOf).toList();
    }
}
