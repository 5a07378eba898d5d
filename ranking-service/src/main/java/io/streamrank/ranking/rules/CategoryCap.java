package io.streamrank.ranking.rules;

import io.micrometer.core.instrument.Counter;
import java.util.HashMap;
import java.util.Map;

/**
 * Top-K by final score with at most {@code maxPerCategory} items of one category (0 = no cap). Items of an unknown
 * category (0) are not capped. With backfill, when the cap leaves fewer than k items the best held-back ones fill the
 * page (marked, so explanations can say so); without it the page may be shorter than k.
 */
public final class CategoryCap {

    /**
     * The chosen positions (indices into the scored arrays), best first, and the subset that was admitted by
     * backfill despite the cap.
     */
    public record Selection(int[] order, boolean[] backfilled) {
    }

    private final int maxPerCategory;
    private final boolean backfill;
    private final Counter heldBack;

    CategoryCap(int maxPerCategory, boolean backfill, Counter heldBack) {
        this.maxPerCategory = maxPerCategory;
        this.backfill = backfill;
        this.heldBack = heldBack;
    }

    public Selection select(double[] scores, long[] categories, int k) {
        ScoreOrder byScore = new ScoreOrder(scores);
        int[] chosen = new int[Math.min(k, scores.length)];
        int chosenCount = 0;
        // Held back by the cap, in score order: the best of them are the backfill.
        int[] skipped = new int[scores.length];
        int skippedCount = 0;
        Map<Long, Integer> perCategory = maxPerCategory > 0 ? new HashMap<>() : Map.of();
        while (chosenCount < k && !byScore.isEmpty()) {
            int idx = byScore.pop();
            long cat = categories[idx];
            if (maxPerCategory > 0 && cat != 0) {
                int seen = perCategory.getOrDefault(cat, 0);
                if (seen >= maxPerCategory) {
                    skipped[skippedCount++] = idx;
                    continue;
                }
                perCategory.put(cat, seen + 1);
            }
            chosen[chosenCount++] = idx;
        }
        int filledCount = backfill ? Math.min(skippedCount, k - chosenCount) : 0;
        heldBack.increment(skippedCount - filledCount);
        // Both lists are in score order; merging them keeps the page sorted with backfilled items in place.
        int[] order = new int[chosenCount + filledCount];
        boolean[] backfilled = new boolean[order.length];
        int c = 0;
        int f = 0;
        for (int p = 0; p < order.length; p++) {
            boolean takeFilled = c == chosenCount || (f < filledCount && byScore.before(skipped[f], chosen[c]));
            order[p] = takeFilled ? skipped[f++] : chosen[c++];
            backfilled[p] = takeFilled;
        }
        return new Selection(order, backfilled);
    }
}
