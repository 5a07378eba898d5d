package io.streamrank.pipeline.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes collected for one pipelined round trip, coalesced per key: the last {@code SET} of a key wins, and every
 * sorted-set change of a key becomes one multi-member {@code ZADD}, one {@code ZREM} and one {@code PEXPIRE}. Because
 * all writes are absolute, coalescing changes no final value; it only saves commands (e.g. {@code pop:all} gets one
 * {@code ZADD} per batch instead of one per item).
 */
final class WriteBatch {

    private final Map<String, RedisWrite> sets = new LinkedHashMap<>();
    private final Map<String, SortedSetChanges> sortedSets = new LinkedHashMap<>();
    private long[] eventTimes = new long[64];
    private int events;
    private int size;

    void add(RedisWrite w) {
        size++;
        if (w.eventTime > 0) {
            if (events == eventTimes.length) {
                eventTimes = Arrays.copyOf(eventTimes, events * 2);
            }
            eventTimes[events++] = w.eventTime;
        }
        switch (w.op) {
            case SET -> sets.put(w.key, w);
            case ZADD -> sortedSets.computeIfAbsent(w.key, k -> new SortedSetChanges()).add(w);
            case ZREM -> sortedSets.computeIfAbsent(w.key, k -> new SortedSetChanges()).remove(w.value);
        }
    }

    /** Writes received (before coalescing). */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Event times of the writes that made new events visible (for the lag histogram). */
    long[] eventTimes() {
        return Arrays.copyOf(eventTimes, events);
    }

    /** Queues the batch's commands on the connection (the caller flushes them); returns their futures. */
    List<RedisFuture<?>> issue(RedisClusterAsyncCommands<String, String> redis) {
        List<RedisFuture<?>> futures = new ArrayList<>(sets.size() + sortedSets.size() * 3);
        for (RedisWrite w : sets.values()) {
            futures.add(redis.set(w.key, w.value, SetArgs.Builder.px(w.ttlMs)));
        }
        sortedSets.forEach((key, changes) -> changes.issue(key, redis, futures));
        return futures;
    }

    /** Member changes of one sorted set, last change per member wins; {@code null} score means removed. */
    private static final class SortedSetChanges {

        private final Map<String, Double> members = new HashMap<>();
        private long ttlMs;

        void add(RedisWrite w) {
            members.put(w.value, w.score);
            ttlMs = Math.max(ttlMs, w.ttlMs);
        }

        void remove(String member) {
            members.put(member, null);
        }

        @SuppressWarnings("unchecked")
        void issue(String key, RedisClusterAsyncCommands<String, String> redis, List<RedisFuture<?>> futures) {
            List<ScoredValue<String>> added = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            members.forEach((m, score) -> {
                if (score == null) {
                    removed.add(m);
                } else {
                    added.add(ScoredValue.just(score, m));
                }
            });
            if (!added.isEmpty()) {
                futures.add(redis.zadd(key, added.toArray(new ScoredValue[0])));
            }
            if (!removed.isEmpty()) {
                futures.add(redis.zrem(key, removed.toArray(new String[0])));
            }
            if (!added.isEmpty() && ttlMs > 0) {
                futures.add(redis.pexpire(key, ttlMs));
            }
        }
    }
}
