package io.streamrank.ranking.rules;

import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.features.RedisConnection;
import io.streamrank.ranking.features.RedisRound;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * What the service recently returned to each user ({@code shown:<userId>}, item scored by time, with a TTL), so the
 * drop-shown rule can hide it for a while. Recording is fire-and-forget after the answer, deferred to the next Redis
 * round any request sends (ADR 38), which writes it ahead of its own reads: the user's next request reads it back. A
 * failed write only means an item may be shown again, and is counted. An answer the request may not record (ADR 84,
 * {@code streamrank.rules.record-shown=with-token} without the token) is counted instead of written.
 */
@Component
public class ShownItems {

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final boolean enabled;
    private final long windowMs;
    private final int max;
    private final Counter writeFailures;
    private final Counter notRecordedNoToken;

    ShownItems(RedisConnection redis, RankingProperties properties, MeterRegistry meters) {
        this.redis = redis;
        this.keys = redis.keys();
        RankingProperties.Rules rules = properties.rules();
        this.enabled = rules.dropShown();
        this.windowMs = rules.shownWindow().toMillis();
        this.max = rules.shownMax();
        this.writeFailures = Counter.builder("streamrank.rules.shown.write.failures")
                .description("Returned items that could not be remembered for the drop-shown rule")
                .register(meters);
        // Registered at 0 whatever record-shown says: a rate over a series that appears with its first count misses it.
        this.notRecordedNoToken = Counter.builder("streamrank.rules.shown.not.recorded")
                .description("Answers not recorded as shown to their user for the drop-shown rule, by reason: "
                        + "no_token, the request lacked the API write token under record-shown=with-token")
                .tag("reason", "no_token")
                .register(meters);
    }

    /** Adds the read of the user's recently shown items to the round (nothing when the rule is off). */
    public Supplier<ItemIdSet> read(RedisRound round, long userId, long now) {
        if (!enabled) {
            return () -> ItemIdSet.EMPTY;
        }
        Range<Long> window = Range.from(Range.Boundary.excluding(now - windowMs), Range.Boundary.unbounded());
        RedisRound.Reply<List<String>> reply = round.addRead(c -> c.zrangebyscore(keys.shown(userId), window),
                List.of());
        return () -> {
            List<String> members = reply.get();
            long[] ids = new long[members.size()];
            int n = 0;
            for (String m : members) {
                try {
                    ids[n] = Long.parseLong(m);
                    n++;
                } catch (NumberFormatException e) {
                    // not ours; ignore
                }
            }
            return ItemIdSet.fromFirst(ids, n);
        };
    }

    /** Remembers the returned items without waiting for Redis or writing to it now. */
    public void record(long userId, List<Long> items, long now) {
        if (!enabled || items.isEmpty()) {
            return;
        }
        try {
            String key = keys.shown(userId);
            @SuppressWarnings("unchecked")
            ScoredValue<String>[] values = items.stream().map(id -> ScoredValue.just((double) now, Long.toString(id)))
                    .toArray(ScoredValue[]::new);
            // Never awaited, and not written on its own: the next round any request sends carries the four commands.
            RedisRound round = redis.round();
            round.add(c -> whenFailed(c.zadd(key, values), items.size()));
            round.add(c -> c.zremrangebyscore(key, Range.create(0L, now - windowMs)));
            round.add(c -> c.zremrangebyrank(key, 0, -max - 1));
            round.add(c -> whenFailed(c.pexpire(key, windowMs), 0));
            round.defer();
        } catch (RuntimeException e) {
            writeFailures.increment(items.size());
        }
    }

    /**
     * Counts an answer that {@link #record} would have remembered but the request may not have recorded: it did not
     * carry the write token that {@code record-shown=with-token} asks for (ADR 84). Nothing when there was nothing to
     * record (the rule off, an empty answer), as {@code record} would have written nothing either.
     */
    public void notRecordedWithoutToken(List<Long> items) {
        if (enabled && !items.isEmpty()) {
            notRecordedNoToken.increment();
        }
    }

    private <T> RedisFuture<T> whenFailed(RedisFuture<T> write, int items) {
        write.whenComplete((r, e) -> {
            if (e != null) {
                writeFailures.increment(items);
            }
        });
        return write;
    }
}
