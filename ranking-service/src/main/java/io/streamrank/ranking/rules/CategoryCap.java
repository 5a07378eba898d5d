package io.streamrank.ranking.rules;

import io.micrometer.core.instrument.Counter;
import java.util.Arrays;

/**
 * Top-K by final score with at most {@code maxPerCategory} items of one category (0 = no cap) in every {@code window}
 * consecutive places, or in the whole top-K when the window is 0 or as long as the page. Items of an unknown category
 * (0) are not capped. With backfill, when the cap leaves fewer than k items the best held-back ones fill the page
 * (marked, so explanations can say so); without it the page may be shorter than k.
 *
 * <p>A window shorter than the page slides (ADR 93): each place takes the best item whose category its window's
 * earlier places leave room for, so an item held back returns once the window has slid past its category's items;
 * when no item fits a place, the best held-back one fills it (backfill) and the page goes on.
 */
public final class CategoryCap {

    /**
     * The chosen positions (indices into the scored arrays), best first, and the subset that was admitted by
     * backfill despite the cap.
     */
    public record Selection(int[] order, boolean[] backfilled) {
    }

    private final int maxPerCategory;
    private final int window;
    private final boolean backfill;
    private final Counter heldBack;

    CategoryCap(int maxPerCategory, int window, boolean backfill, Counter heldBack) {
        this.maxPerCategory = maxPerCategory;
        this.window = window;
        this.backfill = backfill;
        this.heldBack = heldBack;
    }

    public Selection select(double[] scores, long[] categories, int k) {
        if (maxPerCategory > 0 && window > 0 && window < Math.min(k, scores.length)) {
            return sliding(scores, categories, k);
        }
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

    /** The selection with a window shorter than the page (see the class comment). */
    private Selection sliding(double[] scores, long[] categories, int k) {
        ScoreOrder byScore = new ScoreOrder(scores);
        int[] order = new int[Math.min(k, scores.length)];
        boolean[] backfilled = new boolean[order.length];
        int placed = 0;
        // Held back, in score order, each above every item not popped yet: one that fits again takes the place first.
        int[] skipped = new int[Math.min(scores.length, 16)];
        int skippedCount = 0;
        PerCategory inWindow = new PerCategory(order.length);
        while (placed < order.length) {
            int idx = -1;
            for (int s = 0; s < skippedCount && idx < 0; s++) {
                if (inWindow.admitted(categories[skipped[s]]) < maxPerCategory) {
                    idx = skipped[s];
                    System.arraycopy(skipped, s + 1, skipped, s, --skippedCount - s);
                }
            }
            while (idx < 0 && !byScore.isEmpty()) {
                int next = byScore.pop();
                long cat = categories[next];
                if (cat == 0 || inWindow.admitted(cat) < maxPerCategory) {
                    idx = next;
                } else {
                    if (skippedCount == skipped.length) {
                        skipped = Arrays.copyOf(skipped, Math.min(scores.length, skipped.length * 2));
                    }
                    skipped[skippedCount++] = next;
                }
            }
            if (idx < 0) {
                if (!backfill || skippedCount == 0) {
                    break;
                }
                // No item fits this place: the best held-back one fills it, over the cap, and the window goes on.
                idx = skipped[0];
                System.arraycopy(skipped, 1, skipped, 0, --skippedCount);
                backfilled[placed] = true;
            }
            if (categories[idx] != 0) {
                inWindow.admit(categories[idx]);
            }
            order[placed++] = idx;
            if (placed >= window && categories[order[placed - window]] != 0) {
                // The next place's window starts one later: the item leaving it frees room for its category.
                inWindow.release(categories[order[placed - window]]);
            }
        }
        heldBack.increment(skippedCount);
        return placed == order.length ? new Selection(order, backfilled)
                : new Selection(Arrays.copyOf(order, placed), Arrays.copyOf(backfilled, placed));
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

        /** One admitted item of the category left a sliding window (the category keeps its slot, at a lower count). */
        void release(long category) {
            admitted[slot(category)]--;
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
