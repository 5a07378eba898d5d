package io.streamrank.ranking.features;

import io.streamrank.contract.features.ItemFeatures;
import java.util.Map;

/**
 * The candidates' item features for one request.
 *
 * @param fresh values that exist and are younger than their max age
 * @param ages  now − updatedAt of every value that exists, stale ones included (for explanations)
 */
public record ItemFeatureTable(Map<Long, ItemFeatures> fresh, Map<Long, Long> ages) {

    public ItemFeatures of(long itemId) {
        return fresh.getOrDefault(itemId, ItemFeatures.MISSING);
    }

    /** Age of the stored value in ms, -1 when Redis has none. */
    public long ageMs(long itemId) {
        Long age = ages.get(itemId);
        return age == null ? -1L : age;
    }
}
