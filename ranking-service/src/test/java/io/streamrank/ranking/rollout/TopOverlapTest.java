package io.streamrank.ranking.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopOverlapTest {

    @Test
    void sameOrderSharesTheWholeTopK() {
        float[] a = {0.1f, 0.9f, 0.5f, 0.3f};
        float[] b = {1f, 9f, 5f, 3f};
        assertThat(TopOverlap.of(a, b, 2)).isEqualTo(1.0);
    }

    @Test
    void countsOnlyRowsInBothTopKsAsAShareOfK() {
        float[] a = {4f, 3f, 2f, 1f};
        float[] b = {4f, 1f, 3f, 2f};
        // a's top 2: rows 0, 1; b's top 2: rows 0, 2.
        assertThat(TopOverlap.of(a, b, 2)).isEqualTo(0.5);
        float[] reversed = {1f, 2f, 3f, 4f};
        assertThat(TopOverlap.of(a, reversed, 2)).isEqualTo(0.0);
    }

    @Test
    void fewerRowsThanKCompareAllRowsAndNoRowsAgreeFully() {
        assertThat(TopOverlap.of(new float[] {1f, 2f}, new float[] {2f, 1f}, 10)).isEqualTo(1.0);
        assertThat(TopOverlap.of(new float[0], new float[0], 10)).isEqualTo(1.0);
    }
}
