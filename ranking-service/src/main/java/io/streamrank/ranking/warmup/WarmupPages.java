package io.streamrank.ranking.warmup;

import io.streamrank.contract.model.ItemCategories;
import io.streamrank.ranking.ann.HnswIndex;
import io.streamrank.ranking.retrieval.PopularitySnapshot;
import java.util.Optional;

/**
 * The pages the warm-up asks for besides the home page: real ones, so that they retrieve and rank items as a shop's
 * do and their paths are compiled before clients ask.
 *
 * @param category the category of the most popular item whose category is known (the catalog's, else the served
 *                 version's), for its category pages (ADR 87); 0 when none is
 * @param item     the most popular item the served version's index holds, for its product pages: its neighbours are
 *                 retrieved and the candidates' similarity to it computed (ADR 89); 0 when none is
 */
record WarmupPages(long category, long item) {

    static WarmupPages of(PopularitySnapshot.Snapshot popular, ItemCategories table, Optional<HnswIndex> index) {
        long category = 0L;
        long item = 0L;
        for (int i = 0; i < popular.items().size() && (category == 0L || item == 0L); i++) {
            if (category == 0L) {
                category = popular.category(i, table);
            }
            long id = popular.items().get(i);
            if (item == 0L && index.isPresent() && index.get().unitVector(id) != null) {
                item = id;
            }
        }
        return new WarmupPages(category, item);
    }
}
