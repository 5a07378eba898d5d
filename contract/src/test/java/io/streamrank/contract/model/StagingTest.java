package io.streamrank.contract.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** {@link DjlModelInputs.Staging}: the direct buffers a predictor hands DJL. */
class StagingTest {

    @Test
    void anInputLargerThanOneBufferIsRefusedWithItsSizeBeforeAnythingIsAllocated() {
        DjlModelInputs.Staging staging = new DjlModelInputs.Staging();
        // 13.5 M rows of 20 context items: 2.16 GB of longs, which wrapped to a negative int before the check.
        int values = 270_000_000;

        assertThatThrownBy(() -> staging.longs(0, new long[0], 0, values))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(values + " values of 8 bytes");
        assertThatThrownBy(() -> staging.floats(0, new float[0], 0, Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anInputIsItsValuesPaddedWithZerosAndTheBufferIsReusedForASmallerOne() {
        DjlModelInputs.Staging staging = new DjlModelInputs.Staging();

        ByteBuffer first = staging.longs(0, new long[] {7, 8, 9}, 2, 4);
        assertThat(first.remaining()).isEqualTo(4 * Long.BYTES);
        assertThat(first.getLong(0)).isEqualTo(7);
        assertThat(first.getLong(8)).isEqualTo(8);
        assertThat(first.getLong(16)).isZero();
        assertThat(first.getLong(24)).isZero();

        ByteBuffer second = staging.longs(0, new long[] {5}, 1);
        assertThat(second).isSameAs(first);
        assertThat(second.remaining()).isEqualTo(Long.BYTES);
    }
}
