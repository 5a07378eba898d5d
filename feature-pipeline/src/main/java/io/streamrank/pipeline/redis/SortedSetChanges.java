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

/**
 * Member changes of one sorted set within a {@link WriteBatch}, last change per member wins ({@code null} score means
 * removed): one multi-member {@code ZADD}, one {@code ZREM} and one {@code PEXPIRE}, or for an owned set
 * ({@link RedisWrite#ownedBy}) {@link #OWNED_CHANGES} calls.
 */
final class SortedSetChanges {

    /**
     * The changes of one owned sorted set ({@link RedisWrite#ownedBy}) as one atomic step. If another job run wrote
     * the set last, its members came from that run's state, which this run does not have (a job started again without
     * its state): they would never be removed and every write here would renew the set's TTL, so the set is emptied
     * first. A set without an owner key (written before owners existed, or its owner key lost) is adopted as it is:
     * emptying it could drop members this run's restored state still holds. Then the members are added and removed,
     * and the set and its owner key get the same TTL, so they expire together. The owner key's hash tag is the set's
     * name: both hash to one slot, so this also runs on Redis Cluster. KEYS: set, owner key. ARGV: run, TTL (ms),
     * number n of added members, n score/member pairs, then the removed members.
     */
    static final String OWNED_CHANGES = "local owner = redis.call('GET', KEYS[2]) "
            + "if owner and owner ~= ARGV[1] then redis.call('DEL', KEYS[1]) end "
            + "local n = tonumber(ARGV[3]) "
            + "if n > 0 then redis.call('ZADD', KEYS[1], unpack(ARGV, 4, 3 + 2 * n)) end "
            + "if #ARGV > 3 + 2 * n then redis.call('ZREM', KEYS[1], unpack(ARGV, 4 + 2 * n)) end "
            + "if n > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) "
            + "redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2]) end return 1";
    /**
     * Members per {@link #OWNED_CHANGES} call: well below Lua's limit on unpacked arguments (about 8,000), and short
     * (a script blocks Redis while it runs). The calls of one set apply in order, each checking the owner again: the
     * first one that adds claims the set, so the later ones find it theirs.
     */
    static final int OWNED_CHUNK = 1_000;

    private final Map<String, Double> members = new HashMap<>();
    private long ttlMs;
    /** The owner key and run of an owned set ({@link RedisWrite#ownedBy}), null for a plain one. */
    private String owner;
    private long run;

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
        }
    }

    @SuppressWarnings("unchecked")
    void issue(String key, RedisClusterAsyncCommands<byte[], byte[]> redis, String ownedSha,
               List<RedisFuture<?>> futures) {
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
        if (owner != null) {
            issueOwned(k, added, removed, redis, ownedSha, futures);
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
        }
    }

    private void issueOwned(byte[] key, List<ScoredValue<byte[]>> added, List<byte[]> removed,
                            RedisClusterAsyncCommands<byte[], byte[]> redis, String ownedSha,
                            List<RedisFuture<?>> futures) {
        byte[][] keys = {key, bytes(owner)};
        byte[] runArg = bytes(Long.toString(run));
        byte[] ttlArg = bytes(Long.toString(ttlMs));
        int a = 0;
        int r = 0;
        while (a < added.size() || r < removed.size()) {
            int na = Math.min(OWNED_CHUNK, added.size() - a);
            int nr = Math.min(OWNED_CHUNK - na, removed.size() - r);
            byte[][] args = new byte[3 + 2 * na + nr][];
            args[0] = runArg;
            args[1] = ttlArg;
            args[2] = bytes(Integer.toString(na));
            for (int i = 0; i < na; i++) {
                ScoredValue<byte[]> m = added.get(a + i);
                args[3 + 2 * i] = bytes(Double.toString(m.getScore()));
                args[4 + 2 * i] = m.getValue();
            }
            for (int i = 0; i < nr; i++) {
                args[3 + 2 * na + i] = removed.get(r + i);
            }
            futures.add(ownedSha == null
                    ? redis.eval(OWNED_CHANGES, ScriptOutputType.INTEGER, keys, args)
                    : redis.evalsha(ownedSha, ScriptOutputType.INTEGER, keys, args));
            a += na;
            r += nr;
        }
    }
}
