package io.streamrank.pipeline.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
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
 * {@code ZADD} per batch instead of one per item). A {@code ZREPLACE} of a key, like a {@code SET}, keeps only the last.
 */
final class WriteBatch {

    /** DEL + ZADD + PEXPIRE of one key as one atomic step; a single key, so it also runs on Redis Cluster. */
    static final String REPLACE_SORTED_SET = "redis.call('DEL', KEYS[1]) "
            + "if #ARGV > 1 then redis.call('ZADD', KEYS[1], unpack(ARGV, 2)) "
            + "redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return 1";

    private final Map<String, RedisWrite> sets = new LinkedHashMap<>();
    private final Map<String, RedisWrite> replacements = new LinkedHashMap<>();
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
            case ZREPLACE -> replacements.put(w.key, w);
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
        for (RedisWrite w : replacements.values()) {
            String[] args = new String[1 + 2 * w.members.length];
            args[0] = Long.toString(w.ttlMs);
            for (int i = 0; i < w.members.length; i++) {
                args[1 + 2 * i] = Double.toString(w.scores[i]);
                args[2 + 2 * i] = w.members[i];
            }
            futures.add(redis.eval(REPLACE_SORTED_SET, ScriptOutputType.INTEGER, new String[] {w.key}, args));
        }
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
