package io.streamrank.ranking.rules;

import io.micrometer.core.instrument.Counter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
        int n = scores.length;
        Integer[] byScore = new Integer[n];
        for (int i = 0; i < n; i++) {
            byScore[i] = i;
        }
        // Stable sort: equal scores keep retrieval order.
        java.util.Arrays.sort(byScore, (a, b) -> Double.compare(scores[b], scores[a]));
        List<Integer> chosen = new ArrayList<>(k);
        List<Integer> skipped = new ArrayList<>();
        Map<Long, Integer> perCategory = new HashMap<>();
        for (int i = 0; i < n && chosen.size() < k; i++) {
            int idx = byScore[i];
            long cat = categories[idx];
            if (maxPerCategory > 0 && cat != 0 && perCategory.getOrDefault(cat, 0) >= maxPerCategory) {
                skipped.add(idx);
                continue;
            }
            perCategory.merge(cat, 1, Integer::sum);
            chosen.add(idx);
        }
        int held = skipped.size();
        List<Integer> filled = new ArrayList<>();
        if (backfill) {
            for (int i = 0; i < skipped.size() && chosen.size() + filled.size() < k; i++) {
                filled.add(skipped.get(i));
            }
            held -= filled.size();
        }
        heldBack.increment(held);
        // Backfilled items are merged back in score order so the page stays sorted.
        List<Integer> all = new ArrayList<>(chosen);
        all.addAll(filled);
        all.sort((a, b) -> {
            int c = Double.compare(scores[b], scores[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] order = all.stream().mapToInt(Integer::intValue).toArray();
        boolean[] backfilled = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            backfilled[i] = filled.contains(order[i]);
        }
        return new Selection(order, backfilled);
    }
}
