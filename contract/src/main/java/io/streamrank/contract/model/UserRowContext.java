package io.streamrank.contract.model;

import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import java.util.List;
import java.util.Map;

/**
 * The user's side of {@link FeatureVectorizer#row}, computed once for all of a request's candidates: the recent items
 * indexed by item and by category (first position, count, intent), the 5-minute category counts, and the decays and
 * activity that only depend on the user and the request time. {@link FeatureVectorizer#row} scans up to 50 recent
 * items per candidate, 25,000 steps for a 500-candidate request; here each candidate costs three lookups. Same floats
 * as the scan (both go through {@link FeatureVectorizer#write}; {@code UserRowContextTest} compares them). Not
 * thread-safe; immutable once built.
 */
final class UserRowContext {

    private final UserFeatures user;
    private final long now;
    private final int recentSize;
    private final double activity;
    private final PositionIndex items;
    private final PositionIndex categories;
    /** By position: occurrences of the item first seen there, whether any was a cart or fav, its decays. */
    private final int[] itemCount;
    private final boolean[] intent;
    private final float[] itemDecayHour;
    private final float[] itemDecayDay;
    /** By position: occurrences of the category first seen there and its decay. */
    private final int[] categoryCount;
    private final float[] categoryDecayDay;
    /** The user's 5-minute category counts, read per candidate: primitive lookups instead of a boxed map's. */
    private final PositionIndex countedCategories;
    private final int[] counts5m;

    UserRowContext(UserFeatures user, long now) {
        this.user = user;
        this.now = now;
        List<RecentItem> recent = user.recent();
        this.recentSize = recent.size();
        this.activity = FeatureVectorizer.activity(user, now);
        this.items = new PositionIndex(recentSize);
        this.categories = new PositionIndex(recentSize);
        this.itemCount = new int[recentSize];
        this.intent = new boolean[recentSize];
        this.itemDecayHour = new float[recentSize];
        this.itemDecayDay = new float[recentSize];
        this.categoryCount = new int[recentSize];
        this.categoryDecayDay = new float[recentSize];
        for (int p = 0; p < recentSize; p++) {
            RecentItem r = recent.get(p);
            int first = items.putIfAbsent(r.itemId(), p);
            if (first == p) {
                itemDecayHour[p] = FeatureVectorizer.decayHour(now, r.timestamp());
                itemDecayDay[p] = FeatureVectorizer.decayDay(now, r.timestamp());
            }
            itemCount[first]++;
            intent[first] |= FeatureVectorizer.isIntent(r);
            first = categories.putIfAbsent(r.categoryId(), p);
            if (first == p) {
                categoryDecayDay[p] = FeatureVectorizer.decayDay(now, r.timestamp());
            }
            categoryCount[first]++;
        }
        Map<Long, Integer> counts = user.categoryCounts5m();
        this.countedCategories = new PositionIndex(counts.size());
        this.counts5m = new int[counts.size()];
        int j = 0;
        for (Map.Entry<Long, Integer> e : counts.entrySet()) {
            countedCategories.putIfAbsent(e.getKey(), j);
            counts5m[j++] = e.getValue();
        }
    }

    /** Whether this context was built for these features at this time. */
    boolean isFor(UserFeatures features, long time) {
        return user == features && now == time;
    }

    /**
     * As {@link FeatureVectorizer#row(UserFeatures, ItemFeatures, long, long, long, float[], int)}, with the item's
     * values as {@link ItemFeatures#clicks1h()} and {@code !}{@link ItemFeatures#isMissing()}.
     */
    void row(int itemClicks1h, boolean itemPresent, long itemId, long categoryId, float[] out, int offset) {
        int itemPosition = items.get(itemId);
        // Category 0 means unknown: it never matches, as in the scan.
        int categoryPosition = categoryId == 0 ? -1 : categories.get(categoryId);
        int counted = categoryId == 0 ? -1 : countedCategories.get(categoryId);
        FeatureVectorizer.write(out, offset, counted < 0 ? 0 : counts5m[counted],
                categoryPosition < 0 ? 0 : categoryCount[categoryPosition], recentSize, itemPosition,
                itemPosition < 0 ? 0 : itemCount[itemPosition], itemPosition >= 0 && intent[itemPosition],
                categoryPosition, itemClicks1h, itemPresent, activity,
                itemPosition < 0 ? 0f : itemDecayHour[itemPosition],
                itemPosition < 0 ? 0f : itemDecayDay[itemPosition],
                categoryPosition < 0 ? 0f : categoryDecayDay[categoryPosition]);
    }

    /**
     * Id → first position among at most {@code capacity} ids: open addressing, linear probing, at most a quarter
     * full.
     */
    private static final class PositionIndex {

        private final long[] keys;
        /** Position + 1; 0 marks an empty slot. */
        private final int[] positions;
        private final int mask;

        PositionIndex(int capacity) {
            int slots = Integer.highestOneBit(Math.max(2, capacity * 4 - 1)) << 1;
            keys = new long[slots];
            positions = new int[slots];
            mask = slots - 1;
        }

        private int slot(long id) {
            int slot = (int) ((id * 0x9E3779B97F4A7C15L) >>> 40) & mask;
            while (positions[slot] != 0 && keys[slot] != id) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }

        /** The id's first position, recording {@code position} when the id is new. */
        int putIfAbsent(long id, int position) {
            int slot = slot(id);
            if (positions[slot] == 0) {
                keys[slot] = id;
                positions[slot] = position + 1;
            }
            return positions[slot] - 1;
        }

        /** The id's first position, -1 when absent. */
        int get(long id) {
            return positions[slot(id)] - 1;
        }
    }
}
