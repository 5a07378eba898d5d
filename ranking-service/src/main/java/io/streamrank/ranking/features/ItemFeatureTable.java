package io.streamrank.ranking.features;

import io.streamrank.ranking.cache.ItemFeatureColumns;

/**
 * The candidates' item features for one request, by position in the id array they were read for (the hot path
 * indexes instead of hashing item ids again), held as columns: no object per candidate (ADR 72).
 */
public final class ItemFeatureTable {

    private final ItemFeatureColumns fresh;
    private final long[] ages;

    /**
     * @param fresh per position, the value if it exists and is younger than its max age, else category 0 (none)
     * @param ages  per position, now − updatedAt of the stored value (stale ones included), -1 when there is none
     */
    ItemFeatureTable(ItemFeatureColumns fresh, long[] ages) {
        this.fresh = fresh;
        this.ages = ages;
    }

    /** Whether the position has a fresh value (absent and stale ones count as missing). */
    public boolean present(int position) {
        return fresh.categoryId(position) != 0L;
    }

    /** The category of the fresh value, 0 when there is none. */
    public long categoryId(int position) {
        return fresh.categoryId(position);
    }

    /** Clicks in the hour of the fresh value, 0 when there is none. */
    public int clicks1h(int position) {
        return fresh.clicks1h(position);
    }

    /** Age of the stored value at the position in ms, -1 when Redis has none. */
    public long ageMs(int position) {
        return ages[position];
    }
}
