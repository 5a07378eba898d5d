package io.streamrank.pipeline.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes collected for one pipelined round trip. Sorted-set changes are coalesced per key: every change of a key
 * becomes one multi-member {@code ZADD}, one {@code ZREM} and one {@code PEXPIRE} (e.g. {@code pop:all} gets one
 * {@code ZADD} per batch instead of one per item), or for an owned set one script call per thousand members
 * ({@link SortedSetChanges}); because all writes are absolute this changes no final value.
 * {@code SET}s are kept in order and not coalesced: the feature operators already write each key at most once per
 * flush tick, and Redis applies them in order, so the last one wins there. A {@code ZREPLACE} keeps only the last.
 */
final class WriteBatch {

    /**
     * {@code SET key value PX ttl} for many keys in one command. Used on a standalone Redis only (a Cluster node
     * refuses keys of other slots): one command per batch instead of one per key saves most of the client's and part
     * of the server's work per write (1.7x the pipelined-SET rate measured here).
     */
    static final String SET_MANY = "for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[2 * i - 1], 'PX', "
            + "ARGV[2 * i]) end return #KEYS";
    /** Keys per {@link #SET_MANY} call: a script blocks Redis while it runs, so keep each one short (~0.5 ms). */
    static final int SET_MANY_KEYS = 250;

    /** DEL + ZADD + PEXPIRE of one key as one atomic step; a single key, so it also runs on Redis Cluster. */
    static final String REPLACE_SORTED_SET = "redis.call('DEL', KEYS[1]) "
            + "if #ARGV > 1 then redis.call('ZADD', KEYS[1], unpack(ARGV, 2)) "
            + "redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return 1";

    private final List<RedisWrite> sets = new ArrayList<>();
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
            case SET -> sets.add(w);
            case ZADD -> sortedSets.computeIfAbsent(w.key, k -> new SortedSetChanges()).add(w);
            case ZREM -> sortedSets.computeIfAbsent(w.key, k -> new SortedSetChanges()).remove(w);
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

    /**
     * Queues the batch's commands on the connection (the caller flushes them); returns their futures.
     *
     * @param setManySha the loaded {@link #SET_MANY} script, or null to send one {@code SET} per key
     * @param ownedSha   the loaded {@link SortedSetChanges#OWNED_CHANGES} script, or null to send it with each call
     *                   (Redis Cluster)
     * @param now        the wall clock (ms) that owned sets' takeover deadlines are set and checked against
     * @param settled    owned sets found settled as this writer's run's, updated as the script answers (concurrent:
     *                   Lettuce's thread adds to it)
     */
    List<RedisFuture<?>> issue(RedisClusterAsyncCommands<byte[], byte[]> redis, String setManySha, String ownedSha,
                               long now, Set<String> settled) {
        List<RedisFuture<?>> futures = new ArrayList<>(sets.size() + sortedSets.size() * 3);
        if (setManySha == null) {
            for (RedisWrite w : sets) {
                futures.add(redis.set(bytes(w.key), bytes(w.value), SetArgs.Builder.px(w.ttlMs)));
            }
        } else {
            List<RedisWrite> all = sets;
            for (int from = 0; from < all.size(); from += SET_MANY_KEYS) {
                int n = Math.min(SET_MANY_KEYS, all.size() - from);
                byte[][] keys = new byte[n][];
                byte[][] args = new byte[2 * n][];
                for (int i = 0; i < n; i++) {
                    RedisWrite w = all.get(from + i);
                    keys[i] = bytes(w.key);
                    args[2 * i] = bytes(w.value);
                    args[2 * i + 1] = bytes(Long.toString(w.ttlMs));
                }
                futures.add(redis.evalsha(setManySha, ScriptOutputType.INTEGER, keys, args));
            }
        }
        sortedSets.forEach((key, changes) -> changes.issue(key, redis, ownedSha, now, settled, futures));
        for (RedisWrite w : replacements.values()) {
            byte[][] args = new byte[1 + 2 * w.members.length][];
            args[0] = bytes(Long.toString(w.ttlMs));
            for (int i = 0; i < w.members.length; i++) {
                args[1 + 2 * i] = bytes(Double.toString(w.scores[i]));
                args[2 + 2 * i] = bytes(w.members[i]);
            }
            futures.add(redis.eval(REPLACE_SORTED_SET, ScriptOutputType.INTEGER, new byte[][] {bytes(w.key)}, args));
        }
        return futures;
    }

    /**
     * Keys and values are encoded here, once, in bulk: the job's strings are ASCII, for which this is an array copy,
     * while Lettuce's string codec encodes character by character (half the client's time in the benchmark).
     */
    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
