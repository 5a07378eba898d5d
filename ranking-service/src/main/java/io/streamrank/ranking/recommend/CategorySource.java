package io.streamrank.ranking.recommend;

import io.streamrank.contract.model.ItemCategories;
import java.util.Locale;

/**
 * Where a candidate's category comes from, in the order they are asked (ADR 82): its fresh live features, else the
 * catalog, else the category the serving version was trained with ({@code item_categories.bin}), else none (0,
 * unknown: scored with no category match and never capped). The category is a model input and the category cap's key,
 * so a candidate is scored and capped under the same one.
 */
enum CategorySource {
    FEATURES, CATALOG, MODEL, UNKNOWN;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** As in {@code explanation.categorySource} and the {@code source} tag of the fallback counter. */
    String label() {
        return label;
    }

    /**
     * The category to use. The version's table is asked only when the features and the catalog have none, which keeps
     * the common case (clicked items, a loaded catalog) at two array reads.
     *
     * @param featuresCategory the fresh live features' category, 0 when absent or stale
     * @param catalogCategory  the catalog entry's category, 0 when the catalog does not hold the item
     */
    static long category(long featuresCategory, long catalogCategory, ItemCategories exported, long itemId) {
        if (featuresCategory != 0) {
            return featuresCategory;
        }
        return catalogCategory != 0 ? catalogCategory : exported.category(itemId);
    }

    /** Which source gave {@code category}, as {@link #category} chose it from the same inputs. */
    static CategorySource of(long featuresCategory, long catalogCategory, long category) {
        if (featuresCategory != 0) {
            return FEATURES;
        }
        if (catalogCategory != 0) {
            return CATALOG;
        }
        return category != 0 ? MODEL : UNKNOWN;
    }
}
