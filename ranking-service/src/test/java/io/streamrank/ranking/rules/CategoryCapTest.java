package io.streamrank.ranking.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
}
