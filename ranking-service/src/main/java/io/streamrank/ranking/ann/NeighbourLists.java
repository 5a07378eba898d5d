package io.streamrank.ranking.ann;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One index's nearest neighbours per item, searched on first use and kept: they only change with the index (a new
 * model version), popular items are asked for again and again, and a graph search costs far more than a map lookup.
 * Maintenance runs in the caller's thread, as for the retrieval lists. Thread-safe.
 */
final class NeighbourLists {

    private final HnswIndex index;
    private final Cache<Long, long[]> lists = Caffeine.newBuilder().maximumSize(200_000)
            .executor(Runnable::run).build();
    /** Lists {@link #get} answered from the cache, and those searched in the graph ({@link AnnIndex}'s meter). */
    private final LongAdder cached = new LongAdder();
    private final LongAdder searched = new LongAdder();

    NeighbourLists(HnswIndex index) {
        this.index = index;
    }

    /**
     * The {@code k} items nearest to the item (the item itself excluded), best first; a cached list shorter than
     * {@code k} (asked with a smaller k before) is searched again.
     */
    long[] get(long itemId, int k) {
        long[] list = lists.getIfPresent(itemId);
        if (list != null && (list.length >= k || complete(list))) {
            cached.increment();
            return list.length <= k ? list : Arrays.copyOf(list, k);
        }
        long[] result = search(itemId, k);
        if (result == null) {
            return new long[0];
        }
        searched.increment();
        lists.put(itemId, result);
        return result;
    }

    /** The item's {@code k} nearest items searched in the graph (itself excluded), or {@code null} if not indexed. */
    private long[] search(long itemId, int k) {
        float[] v = index.unitVector(itemId);
        if (v == null) {
            return null;
        }
        long[] found = index.nearest(v, k + 1, null);
        long[] out = new long[Math.min(k, found.length)];
        int n = 0;
        for (long id : found) {
            if (id != itemId && n < out.length) {
                out[n++] = id;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /**
     * The items whose lists the cache holds, those it would keep longest first (asked for most often lately), at most
     * {@code limit}, each with its list's length.
     */
    Map<Long, Integer> hottest(int limit) {
        Map<Long, Integer> out = new LinkedHashMap<>();
        lists.policy().eviction().ifPresent(eviction -> eviction.hottest(limit)
                .forEach((item, list) -> out.put(item, list.length)));
        return out;
    }

    /**
     * Searches and caches the lists of {@code wanted} (item → length), in their order, as {@link #get} would, but not
     * counted as the requests' searches: a new model version's index takes over the lists its predecessor was asked
     * for most before it serves, so requests do not pay a graph search for each of them. Items not in this index are
     * skipped; an interrupt stops it early.
     *
     * @return the lists searched and cached
     */
    int precompute(Map<Long, Integer> wanted) {
        int done = 0;
        for (Map.Entry<Long, Integer> e : wanted.entrySet()) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            long[] list = search(e.getKey(), e.getValue());
            if (list != null) {
                lists.put(e.getKey(), list);
                done++;
            }
        }
        return done;
    }

    /** Lists {@link #get} answered from its cache so far. */
    long cachedCount() {
        return cached.sum();
    }

    /** Lists {@link #get} searched in the graph so far (items outside the index not counted). */
    long searchedCount() {
        return searched.sum();
    }

    /** A list shorter than asked is complete only when the index has no more items to offer. */
    private boolean complete(long[] list) {
        return list.length >= index.size() - 1;
    }
}
