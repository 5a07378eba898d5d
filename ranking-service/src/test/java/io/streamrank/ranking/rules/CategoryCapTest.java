package io.streamrank.ranking.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CategoryCapTest {

    private final Counter heldBack = new SimpleMeterRegistry().counter("held");

    @Test
    void noCategoryHasMoreThanTheCapInTheTopK() {
        double[] scores = {9, 8, 7, 6, 5, 4, 3};
        long[] cats = {1, 1, 1, 2, 1, 2, 3};
        CategoryCap.Selection s = new CategoryCap(2, false, heldBack).select(scores, cats, 4);
        assertThat(s.order()).containsExactly(0, 1, 3, 5);
        assertThat(s.backfilled()).containsOnly(false);
        assertThat(heldBack.count()).isEqualTo(2.0);
    }

    @Test
    void backfillFillsThePageWithTheBestHeldBackItemsInScoreOrder() {
        double[] scores = {9, 8, 7, 6, 5};
        long[] cats = {1, 1, 1, 1, 2};
        CategoryCap.Selection s = new CategoryCap(2, true, heldBack).select(scores, cats, 4);
        assertThat(s.order()).containsExactly(0, 1, 2, 4);
        assertThat(s.backfilled()).containsExactly(false, false, true, false);
    }

    @Test
    void withoutBackfillThePageMayBeShorterThanK() {
        CategoryCap.Selection s = new CategoryCap(1, false, heldBack).select(new double[] {3, 2, 1},
                new long[] {1, 1, 1}, 3);
        assertThat(s.order()).containsExactly(0);
    }

    @Test
    void unknownCategoriesAndADisabledCapAreNotCapped() {
        assertThat(new CategoryCap(1, false, heldBack).select(new double[] {3, 2, 1}, new long[] {0, 0, 0}, 3)
                .order()).containsExactly(0, 1, 2);
        assertThat(new CategoryCap(0, false, heldBack).select(new double[] {1, 3, 2}, new long[] {5, 5, 5}, 2)
                .order()).containsExactly(1, 2);
    }

    @Test
    void tiesKeepRetrievalOrder() {
        CategoryCap.Selection s = new CategoryCap(0, false, heldBack).select(new double[] {1, 2, 2, 1, 2},
                new long[] {1, 2, 3, 4, 5}, 4);
        assertThat(s.order()).containsExactly(1, 2, 4, 0);
    }

    /**
     * The heap selection against the plain definition (stable sort of everything, walk it), on random pages with many
     * ties and few categories so that the cap and the backfill both bite.
     */
    @Test
    void selectsWhatSortingEverythingWouldSelect() {
        Random random = new Random(7);
        for (int trial = 0; trial < 2_000; trial++) {
            int n = 1 + random.nextInt(60);
            double[] scores = new double[n];
            long[] cats = new long[n];
            for (int i = 0; i < n; i++) {
                scores[i] = random.nextInt(8);
                cats[i] = random.nextInt(5);
            }
            int cap = random.nextInt(4);
            boolean backfill = random.nextBoolean();
            int k = 1 + random.nextInt(20);
            CategoryCap.Selection s = new CategoryCap(cap, backfill, heldBack).select(scores, cats, k);
            CategoryCap.Selection expected = reference(scores, cats, k, cap, backfill);
            assertThat(s.order()).as("trial %d", trial).containsExactly(expected.order());
            assertThat(s.backfilled()).as("trial %d", trial).containsExactly(expected.backfilled());
        }
    }

    private static CategoryCap.Selection reference(double[] scores, long[] cats, int k, int cap, boolean backfill) {
        Integer[] byScore = new Integer[scores.length];
        Arrays.setAll(byScore, i -> i);
        Arrays.sort(byScore, (a, b) -> Double.compare(scores[b], scores[a]));
        List<Integer> chosen = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        Map<Long, Integer> per = new HashMap<>();
        for (int i = 0; i < byScore.length && chosen.size() < k; i++) {
            int idx = byScore[i];
            if (cap > 0 && cats[idx] != 0 && per.getOrDefault(cats[idx], 0) >= cap) {
                skipped.add(idx);
                continue;
            }
            per.merge(cats[idx], 1, Integer::sum);
            chosen.add(idx);
        }
        List<Integer> filled = backfill ? skipped.subList(0, Math.min(skipped.size(), k - chosen.size())) : List.of();
        List<Integer> all = new ArrayList<>(chosen);
        all.addAll(filled);
        all.sort((a, b) -> Double.compare(scores[b], scores[a]) != 0 ? Double.compare(scores[b], scores[a])
                : Integer.compare(a, b));
        boolean[] marks = new boolean[all.size()];
        for (int i = 0; i < marks.length; i++) {
            marks[i] = filled.contains(all.get(i));
        }
        return new CategoryCap.Selection(all.stream().mapToInt(Integer::intValue).toArray(), marks);
    }
}
