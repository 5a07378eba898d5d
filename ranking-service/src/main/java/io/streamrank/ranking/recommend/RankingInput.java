package io.streamrank.ranking.recommend;

import io.streamrank.contract.model.ItemCategories;
import io.streamrank.ranking.catalog.CatalogColumns;
import io.streamrank.ranking.features.ItemFeatureTable;
import io.streamrank.ranking.features.UserView;
import io.streamrank.ranking.retrieval.Candidates;
import io.streamrank.ranking.rules.BusinessRules;
import java.util.Arrays;

/**
 * Everything known about the candidates that survived the filter rules, once the reads are done, indexed by position
 * (0 .. {@link #size()}): scoring, rules and explanations index instead of hashing item ids again. Positions map to the
 * retrieval-order arrays through the filter's kept positions instead of copying those arrays (five per request, ~7 %
 * of what a request allocated); only the categories, which the category cap needs as an array, are gathered.
 */
final class RankingInput {

    private final UserView user;
    private final Candidates candidates;
    private final long now;
    private final long[] all;
    private final int[] kept;
    private final int size;
    /** On a category page, the candidates dropped for being of another category or of none known (ADR 87). */
    private final int outside;
    private final ItemFeatureTable items;
    private final CatalogColumns catalog;
    private final long[] categories;
    /** Candidates whose category came from each fallback, for the meter (counted here: no array per request). */
    private int fromCatalog;
    private int fromModel;
    private int unknown;

    /**
     * @param all        every retrieved candidate's id, in retrieval order
     * @param filtered   the positions in {@code all} of the candidates left after the filter rules
     * @param items      the item features of {@code all}, by position
     * @param catalog    the catalog fields of {@code all}, by position
     * @param exported   the serving version's training category of each item it knows (ADR 82)
     * @param candidates all retrieved candidates with their sources
     * @param now        the request's clock, epoch ms
     * @param only       on a category page its category: candidates of any other, or of none known, are left out
     *                   here, where their category is first known (ADR 87); 0: any category
     */
    RankingInput(UserView user, long[] all, BusinessRules.Filtered filtered, ItemFeatureTable items,
                 CatalogColumns catalog, ItemCategories exported, Candidates candidates, long now, long only) {
        this.user = user;
        this.candidates = candidates;
        this.now = now;
        this.all = all;
        // The filter's own array: compacted in place when a category page leaves candidates out.
        this.kept = filtered.positions();
        this.items = items;
        this.catalog = catalog;
        long[] byPosition = new long[filtered.size()];
        int n = 0;
        for (int i = 0; i < filtered.size(); i++) {
            int p = kept[i];
            // The category used for scoring and the cap: the live features', else the catalog's, else the one the
            // serving version was trained with, else 0 (unknown). Training never saw 0 for an item it knew (ADR 82).
            long features = items.categoryId(p);
            long listed = catalog.categoryId(p);
            long category = CategorySource.category(features, listed, exported, all[p]);
            if (only != 0L && category != only) {
                continue;
            }
            kept[n] = p;
            byPosition[n++] = category;
            switch (CategorySource.of(features, listed, category)) {
                case CATALOG -> fromCatalog++;
                case MODEL -> fromModel++;
                case UNKNOWN -> unknown++;
                case FEATURES -> { }
            }
        }
        this.size = n;
        this.outside = filtered.size() - n;
        // The cap takes the array as one per candidate.
        this.categories = n == byPosition.length ? byPosition : Arrays.copyOf(byPosition, n);
    }

    UserView user() {
        return user;
    }

    /** Candidates to rank. */
    int size() {
        return size;
    }

    long id(int i) {
        return all[kept[i]];
    }

    Candidates candidates() {
        return candidates;
    }

    long now() {
        return now;
    }

    /** Whether candidate i has fresh item features (absent and stale ones count as missing). */
    boolean hasFeatures(int i) {
        return items.present(kept[i]);
    }

    /** Clicks in the hour of candidate i's fresh item features, 0 when it has none. */
    int clicks1h(int i) {
        return items.clicks1h(kept[i]);
    }

    /** Age of candidate i's stored item features in ms (stale ones included), -1 when Redis has none. */
    long featureAgeMs(int i) {
        return items.ageMs(kept[i]);
    }

    /** The logit the new-item rule adds to candidate i's score (0 for items the catalog does not hold). */
    double newItemBoost(int i, BusinessRules rules) {
        return rules.newItemBoost(catalog, kept[i], now);
    }

    /** When candidate i was listed, epoch ms; only for candidates with a {@link #newItemBoost}. */
    long listedAt(int i) {
        return catalog.createdAt(kept[i]);
    }

    long category(int i) {
        return categories[i];
    }

    /** Where candidate i's {@link #category} came from (for explanations: recomputed, not stored per candidate). */
    CategorySource categorySource(int i) {
        return CategorySource.of(items.categoryId(kept[i]), catalog.categoryId(kept[i]), categories[i]);
    }

    /** Candidates a category page left out for being of another category, or of none known. */
    int outsideCategory() {
        return outside;
    }

    /** Candidates without fresh features whose category came from the catalog. */
    int categoriesFromCatalog() {
        return fromCatalog;
    }

    /** Candidates with neither fresh features nor a catalog entry whose category came from the serving version. */
    int categoriesFromModel() {
        return fromModel;
    }

    /** Candidates of no known category (0). */
    int categoriesUnknown() {
        return unknown;
    }

    /** Every candidate's category by position, not to be modified. */
    long[] categories() {
        return categories;
    }
}
