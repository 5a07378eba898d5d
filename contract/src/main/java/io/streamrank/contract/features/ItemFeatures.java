package io.streamrank.contract.features;

/**
 * An item's live features as stored in Redis.
 *
 * @param categoryId category of the item (as seen on its events)
 * @param clicks1h   clicks in the hour up to {@code asOf}
 * @param asOf       event time the windowed value is computed for, epoch ms
 * @param updatedAt  wall-clock time the value was computed, epoch ms (freshness)
 */
public record ItemFeatures(long categoryId, int clicks1h, long asOf, long updatedAt) {

    public static final ItemFeatures MISSING = new ItemFeatures(0L, 0, 0L, 0L);

    public boolean isMissing() {
        return categoryId == 0L;
    }
}
