package io.streamrank.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelScorerTest {

    @Test
    void scoresThatAreNotFiniteNumbersAreFound() {
        assertThat(ModelScorer.firstNonFinite(new float[] {0.5f, -3f, 1e30f})).isEqualTo(-1);
        assertThat(ModelScorer.firstNonFinite(new float[0])).isEqualTo(-1);
        assertThat(ModelScorer.firstNonFinite(new float[] {0.5f, Float.NaN, 1f})).isEqualTo(1);
        assertThat(ModelScorer.firstNonFinite(new float[] {Float.POSITIVE_INFINITY})).isZero();
        assertThat(ModelScorer.firstNonFinite(new float[] {1f, 2f, Float.NEGATIVE_INFINITY})).isEqualTo(2);
    }
}
