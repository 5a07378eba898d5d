package io.streamrank.ranking.rules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.noop.NoopCounter;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.catalog.CatalogColumns;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The merchandising rules, each switched and tuned in {@code streamrank.rules.*}. Filters run before scoring (no work
 * is spent on items that cannot be shown): excluded by the request, bought recently, shown recently, unavailable.
 * After scoring, new items get a decaying boost, a product page's candidates move by their similarity to its item,
 * and {@link CategoryCap} picks the top-K with at most N items per category.
 */
@Component
public class BusinessRules {

    /** The request's own {@code exclude} list, not a configured rule: always applied. */
    public static final String EXCLUDED = "excluded";
    public static final String BOUGHT = "bought";
    public static final String SHOWN = "shown";
    public static final String UNAVAILABLE = "unavailable";
    /** On a category page ({@code categoryId}), a candidate of another category or of none known (ADR 87). */
    public static final String OUTSIDE_CATEGORY = "outside_category";
    public static final String NEW_ITEM_BOOST = "new_item_boost";
    public static final String CATEGORY_CAP = "category_cap";
    /** On a product page ({@code contextItemId}), a score moved by the item's similarity to the page's (ADR 89). */
    public static final String CONTEXT_SIMILARITY = "context_similarity";
    /** On a category page ({@code categoryId}), a score raised by the item's clicks in the last hour (ADR 94). */
    public static final String CATEGORY_POPULARITY = "category_popularity";

    private static final String METER = "streamrank.rules.applied";
    private static final List<String> RULES = List.of(EXCLUDED, BOUGHT, SHOWN, UNAVAILABLE, OUTSIDE_CATEGORY,
            NEW_ITEM_BOOST, CATEGORY_CAP, CONTEXT_SIMILARITY, CATEGORY_POPULARITY);

    /**
     * The positions of the candidates that survived the filters, in retrieval order (the first {@code size} of
     * {@code positions}: the array is not trimmed), and how many each filter dropped. On a category page the
     * ranking input compacts {@code positions} in place (ADR 87), after which only {@code dropped} describes the page.
     */
    public record Filtered(int[] positions, int size, Map<String, Integer> dropped) {
    }

    private final RankingProperties.Rules rules;
    private final long newWindowMs;
    private final Map<String, Counter> applied = new LinkedHashMap<>();
    /** These rules counting in the meters, and the same counting nothing (for the service's own warm-up). */
    private final BusinessRules counted;
    private final BusinessRules uncounted;

    @Autowired // the other constructor makes the uncounted twin
    BusinessRules(RankingProperties properties, MeterRegistry meters) {
        this.rules = properties.rules();
        this.newWindowMs = properties.catalog().newItemWindow().toMillis();
        for (String rule : RULES) {
            applied.put(rule, Counter.builder(METER)
                    .description("Items a rule dropped, boosted, moved (context similarity, category popularity) or "
                            + "held back (category cap)")
                    .tag("rule", rule).register(meters));
        }
        this.counted = this;
        this.uncounted = new BusinessRules(this);
    }

    private BusinessRules(BusinessRules counted) {
        this.rules = counted.rules;
        this.newWindowMs = counted.newWindowMs;
        for (String rule : RULES) {
            applied.put(rule, new NoopCounter(new Meter.Id(METER, Tags.of("rule", rule), null, null,
                    Meter.Type.COUNTER)));
        }
        this.counted = counted;
        this.uncounted = this;
    }

    /**
     * These rules, counting in {@code streamrank.rules.applied} or, {@code counted} false (the service's own warm-up,
     * ADR 90), counting nothing: its requests would otherwise add a burst of a few hundred thousand items to the
     * counter at every start.
     */
    public BusinessRules counting(boolean counted) {
        return counted ? this.counted : uncounted;
    }

    /**
     * @param candidates the candidates' ids in retrieval order
     * @param excluded   the items the request asked to leave out
     * @param catalog    their catalog fields by position
     */
    public Filtered filter(long[] candidates, ItemIdSet excluded, UserFeatures user, ItemIdSet shown,
                           CatalogColumns catalog, long now) {
        ItemIdSet bought = rules.dropBought() ? boughtSince(user, now - rules.boughtWindow().toMillis())
                : ItemIdSet.EMPTY;
        ItemIdSet hidden = rules.dropShown() ? shown : ItemIdSet.EMPTY;
        int droppedExcluded = 0;
        int droppedBought = 0;
        int droppedShown = 0;
        int droppedUnavailable = 0;
        int[] kept = new int[candidates.length];
        int keptCount = 0;
        for (int i = 0; i < candidates.length; i++) {
            long id = candidates[i];
            if (!excluded.isEmpty() && excluded.contains(id)) {
                droppedExcluded++;
            } else if (!bought.isEmpty() && bought.contains(id)) {
                droppedBought++;
            } else if (!hidden.isEmpty() && hidden.contains(id)) {
                droppedShown++;
            } else if (rules.dropUnavailable() && catalog.unavailable(i)) {
                droppedUnavailable++;
            } else {
                kept[keptCount++] = i;
            }
        }
        Map<String, Integer> dropped = new LinkedHashMap<>();
        count(dropped, EXCLUDED, droppedExcluded);
        count(dropped, BOUGHT, droppedBought);
        count(dropped, SHOWN, droppedShown);
        count(dropped, UNAVAILABLE, droppedUnavailable);
        return new Filtered(kept, keptCount, dropped);
    }

    /**
     * Logit added to a new item's score: {@code newItemBoost} at listing, linearly down to 0 at the window's end; none
     * for items the catalog does not hold or holds as unavailable.
     *
     * @param position the item's position in {@code catalog}
     */
    public double newItemBoost(CatalogColumns catalog, int position, long now) {
        if (rules.newItemBoost() <= 0 || !catalog.available(position)) {
            return 0;
        }
        long age = now - catalog.createdAt(position);
        if (age < 0) {
            age = 0;
        }
        if (age >= newWindowMs) {
            return 0;
        }
        return rules.newItemBoost() * (1.0 - (double) age / newWindowMs);
    }

    /**
     * Items a degraded answer left out under {@code rule} ({@link #EXCLUDED}, {@link #OUTSIDE_CATEGORY}): the filters
     * did not run there.
     */
    public void countDegraded(String rule, int items) {
        if (items > 0) {
            applied.get(rule).increment(items);
        }
    }

    /**
     * Adds to a filtered page's {@code dropped} the candidates a category page dropped for their category, known only
     * once the reads are done (ADR 87), and counts them.
     */
    public void droppedOutsideCategory(Map<String, Integer> dropped, int items) {
        count(dropped, OUTSIDE_CATEGORY, items);
    }

    public void countBoosted(int items) {
        applied.get(NEW_ITEM_BOOST).increment(items);
    }

    /** The weight of a product page's similarity to its item ({@code context-similarity-weight}); 0: off. */
    public double contextSimilarityWeight() {
        return rules.contextSimilarityWeight();
    }

    /** Counts the candidates whose score a product page's similarity moved (ADR 89). */
    public void countContextSimilarity(int items) {
        if (items > 0) {
            applied.get(CONTEXT_SIMILARITY).increment(items);
        }
    }

    /** The weight of a category page's items' clicks in the last hour ({@code category-page-popularity-weight}). */
    public double categoryPagePopularityWeight() {
        return rules.categoryPagePopularityWeight();
    }

    /** Counts the candidates whose score their clicks in the last hour raised on a category page (ADR 94). */
    public void countCategoryPopularity(int items) {
        if (items > 0) {
            applied.get(CATEGORY_POPULARITY).increment(items);
        }
    }

    /** The top-K selection with this configuration's per-category cap. */
    public CategoryCap categoryCap() {
        return categoryCap(true);
    }

    /** The top-K selection, with this configuration's per-category cap or, {@code capped} false, with none. */
    public CategoryCap categoryCap(boolean capped) {
        return new CategoryCap(capped ? rules.maxPerCategory() : 0, rules.categoryCapWindow(),
                rules.categoryCapBackfill(), applied.get(CATEGORY_CAP));
    }

    private void count(Map<String, Integer> dropped, String rule, int n) {
        if (n > 0) {
            dropped.put(rule, n);
            applied.get(rule).increment(n);
        }
    }

    private static ItemIdSet boughtSince(UserFeatures user, long since) {
        List<RecentItem> recent = user.recent();
        long[] ids = null;
        int n = 0;
        for (RecentItem r : recent) {
            if (r.type() == EventType.BUY && r.timestamp() >= since) {
                if (ids == null) {
                    ids = new long[recent.size()];
                }
                ids[n++] = r.itemId();
            }
        }
        return ids == null ? ItemIdSet.EMPTY : ItemIdSet.fromFirst(ids, n);
    }
}
