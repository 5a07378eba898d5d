package io.streamrank.ranking.retrieval;

import io.streamrank.contract.model.ItemCategories;

/**
 * What the page asking for recommendations says about itself, which steers retrieval.
 *
 * @param contextItemId   the item a product page shows: the first session trigger; 0: none
 * @param contextCategory that item's category: the first of the trending and new-item categories (ADR 86); 0: none
 *                        or unknown
 * @param onlyCategory    the category a category page is about: the only trending and new-item category, and the only
 *                        one of the popular items (ADR 87); 0: any
 * @param exported        the item categories of the version that ranks the user: a popular item's category on a
 *                        category page when the catalog does not list it (ADR 82)
 */
public record Page(long contextItemId, long contextCategory, long onlyCategory, ItemCategories exported) {
}
