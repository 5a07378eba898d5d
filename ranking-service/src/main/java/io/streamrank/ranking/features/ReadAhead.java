package io.streamrank.ranking.features;

import io.lettuce.core.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

/**
 * What {@link ItemValues} implementations share: the ids worth reading ahead, and the counters
 * {@code streamrank_values_read_ahead_total{kind, with}} of the values read in retrieval's Redis round before the
 * request looked them up (ADR 48), with a list ({@code with="list"}) or for the in-process sources' candidates
 * ({@code with="candidates"}). The lookups that then find them count as cache hits.
 */
final class ReadAhead {

    private final Counter withLists;
    private final Counter forCandidates;

    private ReadAhead(Counter withLists, Counter forCandidates) {
        this.withLists = withLists;
        this.forCandidates = forCandidates;
    }

    static ReadAhead register(MeterRegistry meters, String kind) {
        String description = "Values read in retrieval's Redis round ahead of the request's lookup (ADR 48)";
        return new ReadAhead(
                Counter.builder("streamrank.values.read.ahead").tag("kind", kind).tag("with", "list")
                        .description(description).register(meters),
                Counter.builder("streamrank.values.read.ahead").tag("kind", kind).tag("with", "candidates")
                        .description(description).register(meters));
    }

    void withLists(int n) {
        withLists.increment(n);
    }

    /**
     * Adds one MGET to the round for those of the first {@code n} ids that are not {@code held}.
     *
     * @return what hands each value to {@code put} once the round is awaited (run it in the request's thread), or
     *         {@code null} when every value was held and nothing was added
     */
    Runnable read(RedisRound round, long[] ids, int n, LongPredicate held, LongFunction<String> key, ValueRead put) {
        long[] read = uncached(ids, n, held);
        if (read.length == 0) {
            return null;
        }
        Runnable putAll = mget(round, read, key, put);
        return () -> {
            putAll.run();
            forCandidates.increment(read.length);
        };
    }

    /**
     * Adds one MGET of the ids' keys to the round; what it returns hands each value to {@code put} once the round is
     * awaited, stamped with the time its reply was read, not now: Redis may have announced a change since (ADR 56).
     */
    static Runnable mget(RedisRound round, long[] ids, LongFunction<String> key, ValueRead put) {
        String[] k = new String[ids.length];
        for (int j = 0; j < ids.length; j++) {
            k[j] = key.apply(ids[j]);
        }
        RedisRound.Reply<List<KeyValue<String, String>>> reply = round.add(c -> c.mget(k));
        return () -> {
            List<KeyValue<String, String>> values = reply.get();
            long readAt = reply.readAtNanos();
            for (int j = 0; j < ids.length; j++) {
                put.put(ids[j], values.get(j), readAt);
            }
        };
    }

    /**
     * One MGET for those of the first {@code n} ids that are not {@code held}, deferred to the next round any request
     * sends; each value is handed to {@code put} on Lettuce's event loop and counted as read with a list.
     */
    void inBackground(RedisConnection redis, long[] ids, int n, LongPredicate held, LongFunction<String> key,
                      ValueRead put) {
        background(redis, uncached(ids, n, held), key, (id, value, readAt) -> {
            put.put(id, value, readAt);
            withLists.increment();
        }, () -> { });
    }

    /**
     * One MGET of the ids' keys that nobody waits for, deferred to the next round any request sends (ADR 38, 47):
     * each value is handed to {@code put} on Lettuce's event loop, stamped with when its reply was read, or
     * {@code onFailure} runs when the read fails or times out. Nothing is sent for no ids.
     */
    static void background(RedisConnection redis, long[] ids, LongFunction<String> key, ValueRead put,
                           Runnable onFailure) {
        int n = ids.length;
        if (n == 0) {
            return;
        }
        String[] k = new String[n];
        for (int m = 0; m < n; m++) {
            k[m] = key.apply(ids[m]);
        }
        RedisRound refresh;
        try {
            refresh = redis.round();
        } catch (RuntimeException e) {
            // No round (Redis unavailable, or the breaker opened since the caller claimed these values): the claims
            // are given back, or the values would stay unrefreshed for the whole serve-stale window.
            onFailure.run();
            throw e;
        }
        refresh.addRefresh(c -> c.mget(k), read -> {
            // On the event loop, in order with Redis's invalidations (ADR 56): now is when the reply was read.
            long readAt = System.nanoTime();
            for (int m = 0; m < n; m++) {
                put.put(ids[m], read.get(m), readAt);
            }
        }, onFailure);
        refresh.defer();
    }

    /** Those of the first {@code n} ids whose value is not {@code cached}, each once, in order. */
    static long[] uncached(long[] ids, int n, LongPredicate cached) {
        long[] out = null;
        int m = 0;
        for (int i = 0; i < n; i++) {
            long id = ids[i];
            if (cached.test(id) || contains(out, m, id)) {
                continue;
            }
            if (out == null) {
                out = new long[Math.min(n - i, 16)];
            } else if (m == out.length) {
                out = Arrays.copyOf(out, Math.min(n, m * 2));
            }
            out[m++] = id;
        }
        return out == null ? new long[0] : Arrays.copyOf(out, m);
    }

    /** Linear: the ids not cached are a handful per request. */
    private static boolean contains(long[] ids, int n, long id) {
        for (int i = 0; i < n; i++) {
            if (ids[i] == id) {
                return true;
            }
        }
        return false;
    }
}
