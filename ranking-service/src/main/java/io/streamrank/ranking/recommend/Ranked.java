package io.streamrank.ranking.recommend;

import io.streamrank.ranking.rules.Adjustment;
import io.streamrank.ranking.rules.BusinessRules;
import io.streamrank.ranking.rules.CategoryCap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The scored page: final score = model logit + rule adjustments (new-item boost, a product page's similarity to its
 * item, a category page's clicks in the last hour; or 1/(i+1) in retrieval order when the model failed), top-K under
 * the category cap (not on a category page).
 *
 * @param modelScores per candidate of {@code input}, by position, {@code null} in fallback order
 * @param adjustments per place on the page (as {@code selection.order()}), {@code null} where no rule changed
 *                    anything: they are only ever explained for the page, and building their notes for all ~500
 *                    candidates cost ~1 % of a request's CPU
 */
record Ranked(RankingInput input, float[] modelScores, double[] scores, List<Adjustment>[] adjustments,
              CategoryCap.Selection selection) {

    /**
     * @param categoryPage whether this is a category page: no per-category cap (ADR 87), and its items' clicks in the
     *                     last hour raise their scores (ADR 94; not in the fallback order)
     * @param context      a product page's similarities to its item (ADR 89), or {@code null}; not applied to the
     *                     fallback order
     */
    @SuppressWarnings("unchecked")
    static Ranked of(RankingInput input, float[] modelScores, BusinessRules rules, int k, boolean categoryPage,
                     ContextSimilarity.Scores context) {
        int n = input.size();
        double[] scores = new double[n];
        double popularity = categoryPage && modelScores != null ? rules.categoryPagePopularityWeight() : 0;
        int boosted = 0;
        int moved = 0;
        int raised = 0;
        for (int i = 0; i < n; i++) {
            if (modelScores == null) {
                scores[i] = 1.0 / (i + 1);
                continue;
            }
            scores[i] = modelScores[i];
            double boost = input.newItemBoost(i, rules);
            if (boost > 0) {
                scores[i] += boost;
                boosted++;
            }
            if (context != null && context.applies(i)) {
                scores[i] += context.adjustment(i);
                moved++;
            }
            double gain = clickGain(input, i, popularity);
            if (gain > 0) {
                scores[i] += gain;
                raised++;
            }
        }
        rules.countBoosted(boosted);
        rules.countContextSimilarity(moved);
        rules.countCategoryPopularity(raised);
        CategoryCap.Selection selection = rules.categoryCap(!categoryPage).select(scores, input.categories(), k);
        List<Adjustment>[] adjustments = new List[selection.order().length];
        for (int p = 0; p < selection.order().length; p++) {
            int i = selection.order()[p];
            // The page's boosts computed again (the same entry and clock give the same boost): an array of every
            // candidate's boost was 4 KB of each request's garbage for the k explained here (ADR 72).
            double boost = modelScores == null ? 0 : input.newItemBoost(i, rules);
            if (boost > 0) {
                long hours = Duration.ofMillis(Math.max(0, input.now() - input.listedAt(i))).toHours();
                add(adjustments, p, new Adjustment(BusinessRules.NEW_ITEM_BOOST, boost,
                        "listed " + hours + " h ago"));
            }
            if (modelScores != null && context != null && context.applies(i)) {
                double similarity = Math.round(context.similarity()[i] * 100) / 100.0;
                add(adjustments, p, new Adjustment(BusinessRules.CONTEXT_SIMILARITY, context.adjustment(i),
                        context.ofCategory(i)
                                ? "no embedding: similarity " + similarity + " of category " + input.category(i)
                                        + "'s items to the page's item " + context.itemId()
                                : "similarity " + similarity + " to the page's item " + context.itemId()));
            }
            double gain = clickGain(input, i, popularity);
            if (gain > 0) {
                add(adjustments, p, new Adjustment(BusinessRules.CATEGORY_POPULARITY, gain,
                        input.clicks1h(i) + " clicks in the last hour"));
            }
            if (selection.backfilled()[p]) {
                add(adjustments, p, new Adjustment(BusinessRules.CATEGORY_CAP, 0,
                        "admitted over the per-category cap to fill the page"));
            }
        }
        return new Ranked(input, modelScores, scores, adjustments, selection);
    }

    /** What a category page's clicks in the last hour add to candidate {@code i}'s score (ADR 94); 0 when off. */
    private static double clickGain(RankingInput input, int i, double weight) {
        return weight > 0 ? weight * Math.log1p(input.clicks1h(i)) : 0;
    }

    List<Long> itemIds() {
        List<Long> out = new ArrayList<>(selection.order().length);
        for (int idx : selection.order()) {
            out.add(input.id(idx));
        }
        return out;
    }

    private static void add(List<Adjustment>[] adjustments, int place, Adjustment a) {
        if (adjustments[place] == null) {
            adjustments[place] = new ArrayList<>(2);
        }
        adjustments[place].add(a);
    }
}
