package io.streamrank.pipeline.redis;

import static io.streamrank.pipeline.redis.WriteBatch.bytes;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Member changes of one sorted set within a {@link WriteBatch}, last change per member wins ({@code null} score means
 * removed): one multi-member {@code ZADD}, one {@code ZREM} and one {@code PEXPIRE}, or for an owned set
 * ({@link RedisWrite#ownedBy}) {@link #OWNED_CHANGES} calls.
 */
final class SortedSetChanges {

    /**
     * The changes of one owned sorted set ({@link RedisWrite#ownedBy}) as one atomic step. The set's members come
     * from one job run's state: the owner key names that run ({@code <run>}), or, while the run takes the set over
     * from another one, {@code <run>:<deadline ms>}. A run that finds another run's owner key (a job started again
     * without its state) claims the set: its owner key becomes {@code <run>:<now + takeover>} and the seen key (the
     * members this run has written since its claim) starts empty. The earlier run's members had nothing left to ever
     * remove them, but until the new run has seen a popularity window of its own they are still good, so they stay
     * (with their scores) until the deadline: the first call at or after it keeps only the members this run wrote
     * since its claim ({@code ZINTERSTORE} with the seen key weighted 0 keeps the set's scores), drops the seen key and
     * settles the owner key on {@code <run>}. A set without an owner key (written before owners existed, or its owner
     * key lost) is adopted as it is: this run's restored state may still hold its members. The members are added and
     * removed (and, while taking over, noted in or dropped from the seen key); whenever something is added the set,
     * its owner key and the seen key get the same TTL, so they expire together. All three keys have the set's name as
     * their hash tag: one slot, so this also runs on Redis Cluster. KEYS: set, owner key, seen key. ARGV: run, TTL
     * (ms), now (ms, the writer's wall clock), takeover span (ms), number n of added members, n score/member pairs,
     * then the removed members. Returns 1 once the set is this run's and settled, 0 while it is taken over.
     */
    static final String OWNED_CHANGES = "local run = ARGV[1] local now = tonumber(ARGV[3]) local deadline "
            + "local owner = redis.call('GET', KEYS[2]) "
            + "if owner then "
            + "local r, d = string.match(owner, '^(.-):(%d+)$') "
            + "if not r then r = owner end "
            + "if r ~= run then "
            + "deadline = now + tonumber(ARGV[4]) "
            + "redis.call('DEL', KEYS[3]) "
            + "redis.call('SET', KEYS[2], run .. ':' .. string.format('%.0f', deadline), 'KEEPTTL') "
            + "elseif d then deadline = tonumber(d) end "
            + "end "
            + "local n = tonumber(ARGV[5]) "
            + "if n > 0 then redis.call('ZADD', KEYS[1], unpack(ARGV, 6, 5 + 2 * n)) "
            + "if deadline then local seen = {} "
            + "for i = 7, 5 + 2 * n, 2 do seen[#seen + 1] = 0 seen[#seen + 1] = ARGV[i] end "
            + "redis.call('ZADD', KEYS[3], unpack(seen)) end "
            + "end "
            + "if #ARGV > 5 + 2 * n then redis.call('ZREM', KEYS[1], unpack(ARGV, 6 + 2 * n)) "
            + "if deadline then redis.call('ZREM', KEYS[3], unpack(ARGV, 6 + 2 * n)) end "
            + "end "
            + "if deadline and now >= deadline then "
            + "local ttl = redis.call('PTTL', KEYS[1]) "
            + "redis.call('ZINTERSTORE', KEYS[1], 2, KEYS[1], KEYS[3], 'WEIGHTS', 1, 0) "
            + "if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end "
            + "redis.call('DEL', KEYS[3]) "
            + "redis.call('SET', KEYS[2], run, 'KEEPTTL') "
            + "deadline = nil "
            + "end "
            + "if n > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) "
            + "if deadline then redis.call('PEXPIRE', KEYS[3], ARGV[2]) "
            + "redis.call('SET', KEYS[2], run .. ':' .. string.format('%.0f', deadline), 'PX', ARGV[2]) "
            + "else redis.call('SET', KEYS[2], run, 'PX', ARGV[2]) end "
            + "end if deadline then return 0 end return 1";
    /**
     * Members per {@link #OWNED_CHANGES} call: well below Lua's limit on unpacked arguments (about 8,000), and short
     * (a script blocks Redis while it runs). The calls of one set apply in order, each checking the owner again: the
     * first one claims the set, so the later ones find it theirs (taking it over, or settled when the takeover span is
     * zero).
     */
    static final int OWNED_CHUNK = 1_000;

    private final Map<String, Double> members = new HashMap<>();
    private long ttlMs;
    /** The owner key and run of an owned set ({@link RedisWrite#ownedBy}), null for a plain one. */
    private String owner;
    private long run;
    private long takeoverMs;

    void add(RedisWrite w) {
        members.put(w.value, w.score);
        ttlMs = Math.max(ttlMs, w.ttlMs);
        own(w);
    }

    void remove(RedisWrite w) {
        members.put(w.value, null);
        own(w);
    }

    private void own(RedisWrite w) {
        if (w.owner != null) {
            owner = w.owner;
            run = w.run;
            takeoverMs = w.takeoverMs;
        }
    }

    /** A settled set's entry: by set and run, since a writer serves one run but its tests play several. */
    static String settledAs(String key, long run) {
        return key + " " + run;
    }

    /**
     * The key of the members the run named by owner key {@code owner} has written since it claimed the set (only
     * while it takes the set over): the owner key with {@code :seen} appended, so the same hash tag, the same slot.
     */
    static String seenKey(String owner) {
        return owner + ":seen";
    }

    /**
     * Queues the changes on the connection.
     *
     * @param settled the owned sets this writer found settled as its run's ({@link #OWNED_CHANGES} returned 1): their
     *                changes go out as plain commands, as an unowned set's, plus the owner key's renewal. The script
     *                cost Redis several times the CPU of those commands (the benchmark lost about a fifth of its
     *                events/s with every change a script call), and only a set another run wrote last, or one taken
     *                over, needs its check. No other run writes the prefix meanwhile (docs/features.md), so a set
     *                stays settled for the writer's life.
     */
    @SuppressWarnings("unchecked")
    void issue(String key, RedisClusterAsyncCommands<byte[], byte[]> redis, String ownedSha, long now,
               Set<String> settled, List<RedisFuture<?>> futures) {
        List<ScoredValue<byte[]>> added = new ArrayList<>();
        List<byte[]> removed = new ArrayList<>();
        members.forEach((m, score) -> {
            if (score == null) {
                removed.add(bytes(m));
            } else {
                added.add(ScoredValue.just(score, bytes(m)));
            }
        });
        byte[] k = bytes(key);
        String settledAs = settledAs(key, run);
        if (owner != null && !settled.contains(settledAs)) {
            issueOwned(settledAs, k, added, removed, redis, ownedSha, now, settled, futures);
            return;
        }
        if (!added.isEmpty()) {
            futures.add(redis.zadd(k, added.toArray(new ScoredValue[0])));
        }
        if (!removed.isEmpty()) {
            futures.add(redis.zrem(k, removed.toArray(new byte[0][])));
        }
        if (!added.isEmpty() && ttlMs > 0) {
            futures.add(redis.pexpire(k, ttlMs));
            if (owner != null) {
                // As the script does when it adds: the owner key lives as long as its set. A PEXPIRE costs Redis a
                // fifth of a SET; if the key is gone (it expired with a set idle for its TTL, which the ZADD has just
                // created again), the next batch goes through the script, which adopts the set and writes the key.
                RedisFuture<Boolean> renewed = redis.pexpire(bytes(owner), ttlMs);
                renewed.thenAccept(found -> {
                    if (!Boolean.TRUE.equals(found)) {
                        settled.remove(settledAs);
                    }
                });
                futures.add(renewed);
            }
        }
    }

    private void issueOwned(String settledAs, byte[] key, List<ScoredValue<byte[]>> added, List<byte[]> removed,
                            RedisClusterAsyncCommands<byte[], byte[]> redis, String ownedSha, long now,
                            Set<String> settled, List<RedisFuture<?>> futures) {
        byte[][] keys = {key, bytes(owner), bytes(seenKey(owner))};
        byte[] runArg = bytes(Long.toString(run));
        byte[] ttlArg = bytes(Long.toString(ttlMs));
        byte[] nowArg = bytes(Long.toString(now));
        byte[] takeoverArg = bytes(Long.toString(takeoverMs));
        int a = 0;
        int r = 0;
        while (a < added.size() || r < removed.size()) {
            int na = Math.min(OWNED_CHUNK, added.size() - a);
            int nr = Math.min(OWNED_CHUNK - na, removed.size() - r);
            byte[][] args = new byte[5 + 2 * na + nr][];
            args[0] = runArg;
            args[1] = ttlArg;
            args[2] = nowArg;
            args[3] = takeoverArg;
            args[4] = bytes(Integer.toString(na));
            for (int i = 0; i < na; i++) {
                ScoredValue<byte[]> m = added.get(a + i);
                args[5 + 2 * i] = bytes(Double.toString(m.getScore()));
                args[6 + 2 * i] = m.getValue();
            }
            for (int i = 0; i < nr; i++) {
                args[5 + 2 * na + i] = removed.get(r + i);
            }
            RedisFuture<Long> call = ownedSha == null
                    ? redis.eval(OWNED_CHANGES, ScriptOutputType.INTEGER, keys, args)
                    : redis.evalsha(ownedSha, ScriptOutputType.INTEGER, keys, args);
            call.thenAccept(result -> {
                if (result != null && result == 1L) {
                    settled.add(settledAs);
                }
            });
            futures.add(call);
            a += na;
            r += nr;
        }
    }
}
