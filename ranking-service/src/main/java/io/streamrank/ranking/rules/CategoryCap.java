package io.streamrank.ranking.rules;

import io.micrometer.core.instrument.Counter;
import java.util.Arrays;

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
        // Held back by the cap, in score order: the best of them are the backfill. Grown as needed: most pages hold
        // back a few items, not the ~500 candidates an array of the full size would allow for.
        int[] skipped = new int[Math.min(scores.length, 16)];
        int skippedCount = 0;
        PerCategory perCategory = maxPerCategory > 0 ? new PerCategory(chosen.length) : null;
        while (chosenCount < k && !byScore.isEmpty()) {
            int idx = byScore.pop();
            long cat = categories[idx];
            if (perCategory != null && cat != 0) {
                if (perCategory.admitted(cat) >= maxPerCategory) {
                    if (skippedCount == skipped.length) {
                        skipped = Arrays.copyOf(skipped, Math.min(scores.length, skipped.length * 2));
                    }
                    skipped[skippedCount++] = idx;
                    continue;
                }
                perCategory.admit(cat);
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

    /**
     * Items admitted per (known, non-zero) category: open addressing over primitive keys, at most a quarter full, since
     * a page admits at most k items. A {@code HashMap<Long, Integer>} boxed the category of every item popped.
     */
    private static final class PerCategory {

        private final long[] categories;
        private final int[] admitted;

        PerCategory(int maxItems) {
            int slots = Integer.highestOneBit(Math.max(4, maxItems * 4 - 1)) << 1;
            this.categories = new long[slots];
            this.admitted = new int[slots];
        }

        int admitted(long category) {
            return admitted[slot(category)];
        }

        void admit(long category) {
            int slot = slot(category);
            categories[slot] = category;
            admitted[slot]++;
        }

        /** The slot holding the category, or the empty slot (0: no category is 0 here) where it would go. */
        private int slot(long category) {
            int mask = categories.length - 1;
            int slot = (int) (category * 0x9E3779B97F4A7C15L >>> 40) & mask;
            while (categories[slot] != 0 && categories[slot] != category) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }
    }
}
