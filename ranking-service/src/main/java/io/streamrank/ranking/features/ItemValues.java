package io.streamrank.ranking.features;

import io.streamrank.ranking.cache.Preloaded;

/**
 * Per-item values that requests take from an in-process cache (item features, catalog entries) and that can be read
 * ahead, in retrieval's Redis round, instead of in a round of their own after it (ADR 48): a retrieval list read from
 * Redis brings its members' values along ({@code SORT … BY nosort GET}), and the values of the candidates the
 * in-process sources found are read in the same round. The request's own lookup then finds them cached.
 */
public interface ItemValues extends Preloaded {

    /** Whether values are cached at all: a value read ahead helps only when it is kept until the lookup. */
    boolean cached();

    /** The values' Redis key pattern, {@code *} standing for the item id (a {@code SORT … GET} pattern). */
    String keyPattern();

    /**
     * Caches the values read along with one list: {@code values[i]} belongs to {@code itemIds[i]}, {@code null} where
     * Redis has none; the first {@code n} entries are used.
     */
    void joined(long[] itemIds, String[] values, int n, long readAtNanos);

    /**
     * Adds one read to the round for those of the first {@code n} ids whose value is cached neither fresh nor stale.
     *
     * @return what caches the values once the round is awaited (run it in the request's thread), or {@code null} when
     *         every value was cached and nothing was added
     */
    Runnable readAhead(RedisRound round, long[] ids, int n);

    /**
     * Reads the values of those of the first {@code n} ids that are cached neither fresh nor stale in the background:
     * one MGET that rides the next round any request sends, its values cached on Lettuce's event loop.
     */
    void readInBackground(long[] ids, int n);

    /**
     * Reads the values of those ids the cache holds neither fresh nor stale, in MGETs of {@code batch} keys, one at a
     * time and awaited: filling the cache before the first request, while Redis tracks the keys (ADR 56).
     *
     * @return how many values were read
     * @throws FeatureStoreUnavailableException when a read fails
     */
    int preloadItems(long[] ids, int batch);

    @Override
    default String what() {
        return keyPattern();
    }

    /** The items' values ({@link #preloadItems}); categories have none. */
    @Override
    default int preload(Ids ids, int batch) {
        return preloadItems(ids.items(), batch);
    }
}
