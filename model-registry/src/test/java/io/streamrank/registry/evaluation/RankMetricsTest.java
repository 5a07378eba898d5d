package io.streamrank.registry.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RankMetricsTest {

    @Test
    void firstPlaceScoresOneEverywhere() {
        assertThat(RankMetrics.of(0, 1)).containsExactly(1, 1, 1, 1);
    }

    @Test
    void rankThreeGivesItsDiscountAndReciprocal() {
        double[] m = RankMetrics.of(2, 1);

        assertThat(m[0]).isEqualTo(1);
        assertThat(m[1]).isCloseTo(1 / (Math.log(4) / Math.log(2)), within(1e-12));
        assertThat(m[2]).isCloseTo(1 / 3.0, within(1e-12));
    }

    @Test
    void tiesAreTheExpectationOverARandomOrder() {
        // Target tied with 3 others right after 8 better items: ranks 9..12 equally likely.
        double[] m = RankMetrics.of(8, 4);

        assertThat(m[0]).isCloseTo(0.5, within(1e-12));
        assertThat(m[2]).isCloseTo((1 / 9.0 + 1 / 10.0 + 1 / 11.0 + 1 / 12.0) / 4, within(1e-12));
        assertThat(m[3]).isEqualTo(1);
    }

    @Test
    void aTargetThatWasNotRankedScoresZero() {
        assertThat(RankMetrics.of(0, 0)).containsOnly(0);
        double[] far = RankMetrics.of(60, 1);
        assertThat(far[0]).isZero();
        assertThat(far[1]).isZero();
        assertThat(far[2]).isCloseTo(1 / 61.0, within(1e-12));
        assertThat(far[3]).isZero();
    }

    @Test
    void largeHarmonicNumbersUseTheSeriesAccurately() {
        double exact = 0;
        for (int i = 1; i <= 5000; i++) {
            exact += 1.0 / i;
        }
        assertThat(RankMetrics.harmonic(5000)).isCloseTo(exact, within(1e-9));
    }
}
