package io.streamrank.ranking.recommend;

import io.streamrank.contract.catalog.CatalogItem;
import io.streamrank.ranking.rules.Adjustment;
import io.streamrank.ranking.rules.BusinessRules;
import io.streamrank.ranking.rules.CategoryCap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The scored page: final score = model logit + rule adjustments (or 1/(i+1) in retrieval order when the model
 * failed), top-K under the category cap.
 *
 * @param modelScores per candidate of {@code input}, by position, {@code null} in fallback order
 * @param adjustments per candidate, {@code null} where no rule changed anything
 */
record Ranked(RankingInput input, float[] modelScores, double[] scores, long[] categories,
              List<Adjustment>[] adjustments, CategoryCap.Selection selection) {

    @SuppressWarnings("unchecked")
    static Ranked of(RankingInput input, float[] modelScores, BusinessRules rules, int k) {
        int n = input.size();
        double[] scores = new double[n];
        long[] categories = new long[n];
        List<Adjustment>[] adjustments = new List[n];
        int boosted = 0;
        for (int i = 0; i < n; i++) {
            categories[i] = input.category(i);
            if (modelScores == null) {
                scores[i] = 1.0 / (i + 1);
                continue;
            }
            scores[i] = modelScores[i];
            CatalogItem entry = input.entry(i);
            double boost = rules.newItemBoost(entry, input.now());
            if (boost > 0) {
                scores[i] += boost;
                boosted++;
                long hours = Duration.ofMillis(Math.max(0, input.now() - entry.createdAt())).toHours();
                add(adjustments, i, new Adjustment(BusinessRules.NEW_ITEM_BOOST, boost,
                        "listed " + hours + " h ago"));
            }
        }
        rules.countBoosted(boosted);
        CategoryCap.Selection selection = rules.categoryCap().select(scores, categories, k);
        for (int p = 0; p < selection.order().length; p++) {
            if (selection.backfilled()[p]) {
                add(adjustments, selection.order()[p], new Adjustment(BusinessRules.CATEGORY_CAP, 0,
                        "admitted over the per-category cap to fill the page"));
            }
        }
        return new Ranked(input, modelScores, scores, categories, adjustments, selection);
    }

    List<Long> itemIds() {
        List<Long> out = new ArrayList<>(selection.order().length);
        for (int idx : selection.order()) {
            out.add(input.id(idx));
        }
        return out;
    }

    private static void add(List<Adjustment>[] adjustments, int i, Adjustment a) {
        if (adjustments[i] == null) {
            adjustments[i] = new ArrayList<>(2);
        }
        adjustments[i].add(a);
    }
}
