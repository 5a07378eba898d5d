package io.streamrank.ranking.recommend;

import io.streamrank.contract.catalog.CatalogItem;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.ranking.features.ItemFeatureTable;
import io.streamrank.ranking.features.UserView;
import io.streamrank.ranking.retrieval.Candidates;
import java.util.List;
import java.util.Map;

/**
 * Everything known about one request's candidates once the reads are done, resolved once into arrays aligned with
 * {@link #ids()} (scoring, rules and explanations then index instead of looking up maps again and again).
 */
final class RankingInput {

    private final UserView user;
    private final List<Long> ids;
    private final ItemFeatureTable items;
    private final Candidates candidates;
    private final long now;
    private final ItemFeatures[] features;
    private final CatalogItem[] entries;
    private final long[] categories;

    /**
     * @param ids        candidates left after the filter rules, in retrieval order
     * @param candidates all retrieved candidates with their sources
     * @param now        the request's clock, epoch ms
     */
    RankingInput(UserView user, List<Long> ids, ItemFeatureTable items, Map<Long, CatalogItem> catalog,
                 Candidates candidates, long now) {
        this.user = user;
        this.ids = ids;
        this.items = items;
        this.candidates = candidates;
        this.now = now;
        int n = ids.size();
        this.features = new ItemFeatures[n];
        this.entries = new CatalogItem[n];
        this.categories = new long[n];
        for (int i = 0; i < n; i++) {
            Long id = ids.get(i);
            ItemFeatures f = items.of(id);
            CatalogItem c = catalog.get(id);
            features[i] = f;
            entries[i] = c;
            // The category used for scoring and the cap: the live features', else the catalog's, else 0 (unknown).
            categories[i] = !f.isMissing() ? f.categoryId() : c == null ? 0L : c.categoryId();
        }
    }

    UserView user() {
        return user;
    }

    List<Long> ids() {
        return ids;
    }

    ItemFeatureTable items() {
        return items;
    }

    Candidates candidates() {
        return candidates;
    }

    long now() {
        return now;
    }

    ItemFeatures features(int i) {
        return features[i];
    }

    /** The catalog entry of candidate i, {@code null} when it has none. */
    CatalogItem entry(int i) {
        return entries[i];
    }

    long category(int i) {
        return categories[i];
    }
}
