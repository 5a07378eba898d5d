package io.streamrank.ranking.retrieval;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.ranking.cache.Preloaded;
import io.streamrank.ranking.features.ItemValues;
import io.streamrank.ranking.features.RedisConnection;
import io.streamrank.ranking.features.RedisRound;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads retrieval lists into the list cache before the first request, while Redis tracks their keys (ADR 57), and
 * then the item values and catalog entries of their members that those caches do not hold: one round of
 * {@code batch} list reads at a time, awaited. Lists absent from Redis are cached too (empty), so that a trigger item
 * without neighbours costs no round either. Counted as {@code streamrank_values_preloaded_total{kind="list"}}. At most
 * {@code max} lists in all, so that requests keep room in the cache.
 */
final class ListPreload {

    private final RedisConnection redis;
    private final ListCache cache;
    private final List<ItemValues> itemValues;
    private final Counter preloaded;
    private final int max;
    private int read;

    ListPreload(RedisConnection redis, ListCache cache, List<ItemValues> itemValues, MeterRegistry meters, int max) {
        this.redis = redis;
        this.cache = cache;
        this.itemValues = itemValues;
        this.max = max;
        this.preloaded = Counter.builder("streamrank.values.preloaded").tag("kind", "list")
                .description("Values read into the cache by the start-up warm-up, while Redis tracks their keys (ADR 56)")
                .register(meters);
    }

    /**
     * Reads the lists under {@code keys} that the cache holds neither fresh nor stale, each with {@code command} (which
     * reads {@code readLimit} members), until {@code max} lists were read in all.
     *
     * @return the lists read by this call
     */
    int lists(List<String> keys, int readLimit, ListReads.ListCommand command, int batch) {
        int before = read;
        for (int from = 0; from < keys.size() && read < max; from += batch) {
            long nowNanos = System.nanoTime();
            int to = Math.min(keys.size(), Math.min(from + batch, from + max - read));
            List<String> listKeys = new ArrayList<>(to - from);
            List<RedisRound.Reply<List<String>>> replies = new ArrayList<>(to - from);
            RedisRound round = redis.round(Preloaded.ROUND_BUDGET);
            for (String key : keys.subList(from, to)) {
                if (!cache.holds(key, nowNanos)) {
                    listKeys.add(key);
                    replies.add(round.addRead(c -> command.apply(c, key), List.of()));
                }
            }
            if (replies.isEmpty()) {
                continue;
            }
            round.await();
            long[] members = new long[64];
            int n = 0;
            for (int r = 0; r < replies.size(); r++) {
                List<Long> ids = ListReads.ids(replies.get(r).get());
                cache.put(listKeys.get(r), ids, readLimit, replies.get(r).readAtNanos());
                if (n + ids.size() > members.length) {
                    members = Arrays.copyOf(members, Math.max(members.length * 2, n + ids.size()));
                }
                for (int i = 0; i < ids.size(); i++) {
                    members[n++] = ids.get(i);
                }
            }
            long[] all = Arrays.copyOf(members, n);
            for (ItemValues v : itemValues) {
                v.preloadItems(all, batch);
            }
            read += replies.size();
            preloaded.increment(replies.size());
        }
        return read - before;
    }
}
