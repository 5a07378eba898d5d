package io.streamrank.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.contract.model.DjlModelInputs;
import io.streamrank.contract.model.KeptInputs;
import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.contract.model.ModelSignature;
import io.streamrank.contract.model.TfTensorMemory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input tensors kept per predictor (ADR 49), on DJL's TensorFlow engine itself, written through {@code NDArray.set}
 * and straight into their mapped memory ({@link TfTensorMemory}, the service's way): the real rows as new tensors
 * would hold them (read back through DJL, not through the mapping), zero rows up to the padded row count in the
 * per-row inputs only, also after a larger batch filled the padding, the same tensors handed out again for the same
 * padded shape, and new ones once a shape was evicted.
 */
class KeptInputsTest {

    private static final long NOW = 1_763_700_000_000L;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rowsArePaddedWithZerosAndContextInputsAreNot(boolean mapped) {
        try (NDManager manager = NDManager.newBaseManager("TensorFlow");
             KeptInputs kept = mapped ? new KeptInputs(manager, 2, () -> { }, new TfTensorMemory())
                     : new KeptInputs(manager, 2)) {
            for (int schema : ModelSignature.SERVABLE_SCHEMA_VERSIONS) {
                // 60 rows first: their values in rows 45..59 of the padded tensors must be zeroed for 45 rows.
                kept.tensors(batch(60, 3), schema);
                ModelInputBatch batch = batch(45, 3);
                NDList expected = DjlModelInputs.tensors(batch, manager, schema);
                NDList got = kept.tensors(batch, schema);
                assertThat(got).hasSameSizeAs(expected);
                for (int i = 0; i < expected.size(); i++) {
                    NDArray want = expected.get(i);
                    NDArray have = got.get(i);
                    assertThat(have.getName()).isEqualTo(want.getName());
                    assertThat(have.getDataType()).isEqualTo(want.getDataType());
                    long[] shape = want.getShape().getShape().clone();
                    if (ModelSignature.perRow(want.getName(), schema)) {
                        shape[0] = 64; // 45 rows padded to the next multiple of 32
                    }
                    assertThat(have.getShape().getShape()).as("%s, schema %d", want.getName(), schema)
                            .containsExactly(shape);
                    int n = Math.toIntExact(want.size());
                    if (want.getDataType() == DataType.FLOAT32) {
                        float[] values = have.toFloatArray();
                        assertThat(Arrays.copyOf(values, n)).containsExactly(want.toFloatArray());
                        assertThat(Arrays.copyOfRange(values, n, values.length))
                                .containsExactly(new float[values.length - n]);
                    } else {
                        long[] values = have.toLongArray();
                        assertThat(Arrays.copyOf(values, n)).containsExactly(want.toLongArray());
                        assertThat(Arrays.copyOfRange(values, n, values.length))
                                .containsExactly(new long[values.length - n]);
                    }
                }
            }
        }
    }

    @Test
    void theSamePaddedShapeReusesItsTensorsUntilEvicted() {
        try (NDManager manager = NDManager.newBaseManager("TensorFlow"); KeptInputs kept = new KeptInputs(manager, 2)) {
            int schema = ModelSignature.SCHEMA_VERSION;
            NDArray first = kept.tensors(batch(40, 1), schema).get(0);
            // 50 rows pad to 64 as 40 do: the same tensors, now holding the new rows.
            ModelInputBatch other = batch(50, 1);
            NDList again = kept.tensors(other, schema);
            assertThat(again.get(0)).isSameAs(first);
            assertThat(Arrays.copyOf(again.get(2).toLongArray(), 50))
                    .containsExactly(DjlModelInputs.tensors(other, manager, schema).get(2).toLongArray());

            kept.tensors(batch(100, 1), schema); // a second shape: both kept
            assertThat(kept.tensors(batch(60, 1), schema).get(0)).isSameAs(first);
            kept.tensors(batch(200, 1), schema); // a third: evicts the least recently used (100 rows)
            assertThat(kept.tensors(batch(64, 1), schema).get(0)).isSameAs(first);
            NDArray hundred = kept.tensors(batch(100, 1), schema).get(0); // made again, evicting 200 rows
            assertThat(kept.tensors(batch(64, 1), schema).get(0)).isSameAs(first);
            assertThat(kept.tensors(batch(99, 1), schema).get(0)).isSameAs(hundred);
        }
    }

    @Test
    void tensorsThatFailToBeMadeLeaveNoClosedTensorsBehindForTheNextCall() {
        // A native allocation failing (TensorFlow out of memory, say) after the least recently used shape was closed
        // to make room: the next call of that shape must get new tensors, not the closed ones, and close() must not
        // free them twice.
        AtomicBoolean failing = new AtomicBoolean();
        KeptInputs.TensorMemory memory = array -> {
            if (failing.get()) {
                throw new IllegalStateException("no memory for a tensor");
            }
            return null; // written through NDArray.set, which refuses a closed array
        };
        try (NDManager manager = NDManager.newBaseManager("TensorFlow")) {
            KeptInputs kept = new KeptInputs(manager, 1, () -> { }, memory);
            int schema = ModelSignature.SCHEMA_VERSION;
            NDArray first = kept.tensors(batch(60, 1), schema).get(0);

            failing.set(true);
            assertThatThrownBy(() -> kept.tensors(batch(100, 1), schema)) // another shape: evicts the 60 rows'
                    .hasMessage("no memory for a tensor");
            failing.set(false);

            ModelInputBatch again = batch(50, 1); // 60's padded shape, 64 rows
            NDList got = kept.tensors(again, schema);
            assertThat(got.get(0)).isNotSameAs(first);
            assertThat(Arrays.copyOf(got.get(2).toLongArray(), 50))
                    .containsExactly(DjlModelInputs.tensors(again, manager, schema).get(2).toLongArray());
            kept.close();
        }
    }

    /** {@code rows} rows of {@code users} users taking turns in runs, so a batch has several contexts. */
    private static ModelInputBatch batch(int rows, int users) {
        ModelInputBatch batch = new ModelInputBatch(rows);
        List<UserFeatures> snapshots = new java.util.ArrayList<>();
        for (int u = 0; u < users; u++) {
            snapshots.add(new UserFeatures(List.of(new RecentItem(900L + u, 7L, EventType.CLICK, NOW - 60_000)),
                    Map.of(7L, 1), NOW - 5_000, NOW, NOW));
        }
        for (int i = 0; i < rows; i++) {
            batch.add(snapshots.get(i * users / rows), new ItemFeatures(3L + i % 5, i % 17, NOW, NOW), 1_000L + i,
                    3L + i % 5, 42L + i * users / rows, NOW);
        }
        return batch;
    }
}
