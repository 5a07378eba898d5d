package io.streamrank.ranking.recommend;

import io.streamrank.contract.model.ItemCategories;
import io.streamrank.ranking.catalog.CatalogColumns;
import io.streamrank.ranking.catalog.CatalogStore;
import io.streamrank.ranking.features.FeatureStore;
import io.streamrank.ranking.features.RedisRound;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The category of the item a product page shows ({@code contextItemId}), read in the request's first round (no round
 * of its own) so that the trending and new items of that category are retrieved ahead of those of the user's recent
 * categories (ADR 86). Asked as a candidate's is (ADR 82): its fresh live features, else the catalog, else the
 * category the version ranking the user was trained with, else none.
 */
final class ContextCategory {

    private static final ContextCategory NONE = new ContextCategory(0L, null, null);

    private final long itemId;
    private final LongSupplier features;
    private final Supplier<CatalogColumns> listing;

    private ContextCategory(long itemId, LongSupplier features, Supplier<CatalogColumns> listing) {
        this.itemId = itemId;
        this.features = features;
        this.listing = listing;
    }

    /** Adds the item's reads to the round; nothing when {@code itemId} is 0 (no context). */
    static ContextCategory read(RedisRound round, FeatureStore features, CatalogStore catalog, long itemId) {
        if (itemId <= 0L) {
            return NONE;
        }
        return new ContextCategory(itemId, features.itemCategory(round, itemId),
                catalog.lookup(round, new long[] {itemId}));
    }

    /**
     * Valid once the round is awaited.
     *
     * @param exported the item categories of the version that ranks the user (its canary's for the canary's cohort)
     * @return the item's category; 0 without a context item or when nothing knows its category
     */
    long category(ItemCategories exported) {
        if (itemId <= 0L) {
            return 0L;
        }
        return CategorySource.category(features.getAsLong(), listing.get().categoryId(0), exported, itemId);
    }
}
