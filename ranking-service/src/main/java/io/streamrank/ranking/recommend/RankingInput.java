package io.streamrank.ranking.recommend;

import io.streamrank.contract.catalog.CatalogItem;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.ranking.features.ItemFeatureTable;
import io.streamrank.ranking.features.UserView;
import io.streamrank.ranking.retrieval.Candidates;

/**
 * Everything known about the candidates that survived the filter rules, once the reads are done, in arrays indexed
 * by position (0 .. {@link #size()}): scoring, rules and explanations index instead of hashing item ids again.
 */
final class RankingInput {

    private final UserView user;
    private final Candidates candidates;
    private final long now;
    private final long[] ids;
    private final ItemFeatures[] features;
    private final long[] featureAges;
    private final CatalogItem[] entries;
    private final long[] categories;

    /**
     * @param all        every retrieved candidate's id, in retrieval order
     * @param kept       positions in {@code all} of the candidates left after the filter rules
     * @param items      the item features of {@code all}, by position
     * @param catalog    the catalog entries of {@code all}, by position ({@code null} where none)
     * @param candidates all retrieved candidates with their sources
     * @param now        the request's clock, epoch ms
     */
    RankingInput(UserView user, long[] all, int[] kept, ItemFeatureTable items, CatalogItem[] catalog,
                 Candidates candidates, long now) {
        this.user = user;
        this.candidates = candidates;
        this.now = now;
        int n = kept.length;
        this.ids = new long[n];
        this.features = new ItemFeatures[n];
        this.featureAges = new long[n];
        this.entries = new CatalogItem[n];
        this.categories = new long[n];
        for (int i = 0; i < n; i++) {
            int p = kept[i];
            ItemFeatures f = items.of(p);
            CatalogItem c = catalog[p];
            ids[i] = all[p];
            features[i] = f;
            featureAges[i] = items.ageMs(p);
            entries[i] = c;
            // The category used for scoring and the cap: the live features', else the catalog's, else 0 (unknown).
            categories[i] = !f.isMissing() ? f.categoryId() : c == null ? 0L : c.categoryId();
        }
    }

    UserView user() {
        return user;
    }

    /** Candidates to rank. */
    int size() {
        return ids.length;
    }

    long id(int i) {
        return ids[i];
    }

    Candidates candidates() {
        return candidates;
    }

    long now() {
        return now;
    }

    /** The fresh item features of candidate i, {@link ItemFeatures#MISSING} when absent or stale. */
    ItemFeatures features(int i) {
        return features[i];
    }

    /** Age of candidate i's stored item features in ms (stale ones included), -1 when Redis has none. */
    long featureAgeMs(int i) {
        return featureAges[i];
    }

    /** The catalog entry of candidate i, {@code null} when it has none. */
    CatalogItem entry(int i) {
        return entries[i];
    }

    long category(int i) {
        return categories[i];
    }
}
