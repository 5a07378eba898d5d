package io.streamrank.contract.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The row limit of a batch is checked before any array is allocated, so none of these tests allocates much. */
class BatchCapacityTest {

    @Test
    void aBatchForMoreRowsThanItsArraysHoldIsRefusedNamingTheLimit() {
        // 2^28 rows × 15 features overflowed an int: a NegativeArraySizeException before the check.
        assertThatThrownBy(() -> new ModelInputBatch(1 << 28))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 107,374,181 rows")
                .hasMessageContaining("not 268,435,456");
        assertThatThrownBy(() -> new ModelInputBatch(Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ModelInputBatch.MAX_ROWS");
        assertThatThrownBy(() -> new ModelInputBatch(ModelInputBatch.MAX_ROWS + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLimitKeepsEveryInputInOneJavaArray() {
        long features = (long) ModelInputBatch.MAX_ROWS * ModelSignature.FEATURE_COUNT;
        long context = (long) ModelInputBatch.MAX_ROWS * ModelSignature.CONTEXT_ITEMS;

        assertThat(ModelInputBatch.MAX_ROWS).isEqualTo(107_374_181);
        assertThat(Math.max(features, context)).isLessThanOrEqualTo(Integer.MAX_VALUE - 8);
    }

    @Test
    void aFullBatchGrowsByDoublingUpToTheLimitAndNoFurther() {
        assertThat(BatchCapacity.grown(0)).isEqualTo(1);
        assertThat(BatchCapacity.grown(1_024)).isEqualTo(2_048);
        assertThat(BatchCapacity.grown(ModelInputBatch.MAX_ROWS / 2 + 1)).isEqualTo(ModelInputBatch.MAX_ROWS);
        // Doubling 2^30 rows wrapped to a negative capacity; at the limit there is no room left.
        assertThatThrownBy(() -> BatchCapacity.grown(ModelInputBatch.MAX_ROWS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 107,374,181 rows");
    }

    @Test
    void rowsSummedOverConcatenatedBatchesAreRefusedRatherThanWrapped() {
        assertThat(BatchCapacity.rows(5)).isEqualTo(5);
        assertThatThrownBy(() -> BatchCapacity.rows(3_000_000_000L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 3,000,000,000");
    }
}
