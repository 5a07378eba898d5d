package io.streamrank.ranking.features;

import io.streamrank.contract.features.ItemFeatures;

/**
 * The candidates' item features for one request, by position in the id array they were read for (the hot path
 * indexes instead of hashing item ids again).
 */
public final class ItemFeatureTable {

    private final ItemFeatures[] fresh;
    private final long[] ages;

    /**
     * @param fresh per position, the value if it exists and is younger than its max age, else
     *              {@link ItemFeatures#MISSING}
     * @param ages  per position, now − updatedAt of the stored value (stale ones included), -1 when there is none
     */
    ItemFeatureTable(ItemFeatures[] fresh, long[] ages) {
        this.fresh = fresh;
        this.ages = ages;
    }

    /** The fresh value at the position, {@link ItemFeatures#MISSING} when absent or stale. */
    public ItemFeatures of(int position) {
        return fresh[position];
    }

    /** Age of the stored value at the position in ms, -1 when Redis has none. */
    public long ageMs(int position) {
        return ages[position];
    }
}
