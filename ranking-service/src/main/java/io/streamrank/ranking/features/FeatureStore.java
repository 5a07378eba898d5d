package io.streamrank.ranking.features;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.cache.ItemFeatureColumns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Live user and item features from Redis. Reads join a {@link RedisRound} so that a request's reads share one round
 * trip; values are decoded after the round. A value older than its max age (now − updatedAt, the pipeline's wall
 * clock at write time) or corrupt counts as missing, and is counted. Feature ages are recorded for staleness alerts.
 * Item values are shared by all requests through {@link ItemFeatureCache}; user values are always read.
 */
@Component
public class FeatureStore {

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final long userMaxAgeMs;
    private final long itemMaxAgeMs;
    private final LongSupplier clock;
    private final Timer userAge;
    private final Timer itemAge;
    private final Counter userStale;
    private final Counter itemStale;
    private final Counter userMissing;
    private final Counter itemMissing;
    private final ItemFeatureCache itemCache;

    FeatureStore(RedisConnection redis, ItemFeatureCache itemCache, RankingProperties properties,
                 MeterRegistry meters) {
        this.redis = redis;
        this.keys = redis.keys();
        this.userMaxAgeMs = properties.features().userMaxAge().toMillis();
        this.itemMaxAgeMs = properties.features().itemMaxAge().toMillis();
        this.clock = System::currentTimeMillis;
        this.userAge = age(meters, "user");
        this.itemAge = age(meters, "item");
        this.userStale = counter(meters, "streamrank.features.stale", "user",
                "Feature values older than their max age, used as missing");
        this.itemStale = counter(meters, "streamrank.features.stale", "item",
                "Feature values older than their max age, used as missing");
        this.userMissing = counter(meters, "streamrank.features.missing", "user",
                "Feature values absent or unreadable in Redis");
        this.itemMissing = counter(meters, "streamrank.features.missing", "item",
                "Feature values absent or unreadable in Redis");
        this.itemCache = itemCache;
    }

    /**
     * Adds the user's GET to the round; the supplier is valid once the round is awaited.
     *
     * @param counted whether the value's age, staleness or absence is recorded (not for the service's own warm-up,
     *                ADR 90)
     */
    public Supplier<UserView> user(RedisRound round, long userId, boolean counted) {
        RedisRound.Reply<String> reply = round.addRead(c -> c.get(keys.user(userId)), null);
        return () -> decodeUser(reply.get(), clock.getAsLong(), counted);
    }

    /**
     * The items' features, by position in {@code itemIds}: values in the shared cache at once (stale ones too, whose
     * refresh then rides the next round any request sends), the rest with one MGET added to the round (nothing is
     * added when every value is cached). The supplier is valid once the round is awaited.
     *
     * @param counted as for {@link #user}
     */
    public Supplier<ItemFeatureTable> items(RedisRound round, long[] itemIds, boolean counted) {
        Supplier<ItemFeatureColumns> values = itemCache.lookup(round, itemIds);
        return () -> table(values.get(), clock.getAsLong(), counted);
    }

    /**
     * One item's category from its live features, 0 when it has none or they are older than their max age: the
     * category of the item a product page shows (ADR 86). Read as the candidates' values are (shared cache, else the
     * round) but not counted among them: it is not a candidate.
     */
    public LongSupplier itemCategory(RedisRound round, long itemId) {
        Supplier<ItemFeatureColumns> values = itemCache.lookup(round, new long[] {itemId});
        return () -> {
            ItemFeatureColumns v = values.get();
            boolean fresh = v.categoryId(0) != 0L && clock.getAsLong() - v.updatedAt(0) <= itemMaxAgeMs;
            return fresh ? v.categoryId(0) : 0L;
        };
    }

    /** Top items of the global popularity set, most clicked first (its own round). */
    public List<Long> popular(int n) {
        if (n <= 0) {
            return List.of();
        }
        RedisRound round = redis.round();
        RedisRound.Reply<List<String>> reply = round.addRead(c -> c.zrevrange(keys.popularAll(), 0, n - 1),
                List.of());
        round.await();
        List<Long> ids = new ArrayList<>(n);
        for (String member : reply.get()) {
            try {
                ids.add(Long.valueOf(member));
            } catch (NumberFormatException e) {
                // A foreign member is skipped, as in retrieval's lists: one must not freeze the popularity snapshot.
            }
        }
        return List.copyOf(ids);
    }

    private UserView decodeUser(String value, long now, boolean counted) {
        UserFeatures f = null;
        if (value != null) {
            try {
                f = FeatureCodec.decodeUser(value);
            } catch (IllegalArgumentException e) {
                // Unreadable: missing, as an absent value.
            }
        }
        if (f == null) {
            if (counted) {
                userMissing.increment();
            }
            return UserView.NONE;
        }
        long ageMs = Math.max(0L, now - f.updatedAt());
        if (counted) {
            userAge.record(Duration.ofMillis(ageMs));
        }
        if (ageMs > userMaxAgeMs) {
            if (counted) {
                userStale.increment();
            }
            return new UserView(UserFeatures.EMPTY, ageMs, true);
        }
        return new UserView(f, ageMs, false);
    }

    /**
     * Clears stale values (in place: category 0, as absent ones), counting missing and stale ones if {@code counted}.
     */
    private ItemFeatureTable table(ItemFeatureColumns values, long now, boolean counted) {
        int size = values.size();
        long[] ages = new long[size];
        long[] freshAges = new long[size];
        int n = 0;
        int missing = 0;
        int stale = 0;
        for (int i = 0; i < size; i++) {
            if (values.categoryId(i) == 0L) {
                missing++;
                ages[i] = -1L;
                continue;
            }
            long ageMs = Math.max(0L, now - values.updatedAt(i));
            ages[i] = ageMs;
            if (ageMs > itemMaxAgeMs) {
                stale++;
                values.clear(i);
            } else {
                freshAges[n++] = ageMs;
            }
        }
        if (!counted) {
            return new ItemFeatureTable(values, ages);
        }
        itemMissing.increment(missing);
        itemStale.increment(stale);
        if (n > 0) {
            // One sample per request (the median age of the item values used), not one per item: cheap at 500 items.
            itemAge.record(Duration.ofMillis(Median.upper(freshAges, n)));
        }
        return new ItemFeatureTable(values, ages);
    }

    private static Timer age(MeterRegistry meters, String kind) {
        return Timer.builder("streamrank.feature.age")
                .description("Age of the feature values used (now - updatedAt); items: median per request")
                .tag("kind", kind)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(26))
                .register(meters);
    }

    private static Counter counter(MeterRegistry meters, String name, String kind, String description) {
        return Counter.builder(name).description(description).tag("kind", kind).register(meters);
    }
}
