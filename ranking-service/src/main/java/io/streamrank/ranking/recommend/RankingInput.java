package io.streamrank.ranking.recommend;

import io.streamrank.contract.catalog.CatalogItem;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.ranking.features.ItemFeatureTable;
import io.streamrank.ranking.features.UserView;
import io.streamrank.ranking.retrieval.Candidates;
import java.util.List;
import java.util.Map;

/**
 * Everything known about one request's candidates once the reads are done.
 *
 * @param ids        candidates left after the filter rules, in retrieval order
 * @param candidates all retrieved candidates with their sources
 * @param now        the request's clock, epoch ms
 */
record RankingInput(UserView user, List<Long> ids, ItemFeatureTable items, Map<Long, CatalogItem> catalog,
                    Candidates candidates, long now) {

    /** The category used for scoring and the cap: the live features', else the catalog's, else 0 (unknown). */
    long categoryOf(long itemId) {
        ItemFeatures f = items.of(itemId);
        if (!f.isMissing()) {
            return f.categoryId();
        }
        CatalogItem c = catalog.get(itemId);
        return c == null ? 0L : c.categoryId();
    }
}
