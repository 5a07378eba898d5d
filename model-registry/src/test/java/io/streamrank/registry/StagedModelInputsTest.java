package io.streamrank.registry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.contract.model.DjlModelInputs;
import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.contract.model.ModelSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The service stages model inputs through reused direct buffers ({@link DjlModelInputs.Staging}); the tensors must be
 * exactly those built from the arrays, whichever batch size came before (buffers reused smaller, then grown), for
 * both schemas the service serves, although staging reads the batch's own arrays, which are longer than its rows. Uses DJL's TensorFlow engine itself, not a stand-in.
 */
class StagedModelInputsTest {

    private static final long NOW = 1_763_700_000_000L;

    @Test
    void stagedTensorsEqualTensorsFromArraysAcrossShrinkingAndGrowingBatches() {
        DjlModelInputs.Staging staging = new DjlModelInputs.Staging();
        Random random = new Random(3);
        try (NDManager manager = NDManager.newBaseManager("TensorFlow")) {
            for (int rows : new int[] {300, 40, 300, 700, 1}) {
                for (int schema : ModelSignature.SERVABLE_SCHEMA_VERSIONS) {
                    ModelInputBatch batch = batch(rows, random);
                    NDList expected = DjlModelInputs.tensors(batch, manager, schema);
                    NDList staged = DjlModelInputs.tensors(batch, manager, schema, staging);
                    assertThat(staged).hasSameSizeAs(expected);
                    for (int i = 0; i < expected.size(); i++) {
                        NDArray want = expected.get(i);
                        NDArray got = staged.get(i);
                        assertThat(got.getName()).isEqualTo(want.getName());
                        assertThat(got.getShape()).isEqualTo(want.getShape());
                        assertThat(got.getDataType()).isEqualTo(want.getDataType());
                        if (want.getDataType() == DataType.FLOAT32) {
                            assertThat(got.toFloatArray()).as("%s, %d rows", want.getName(), rows)
                                    .containsExactly(want.toFloatArray());
                        } else {
                            assertThat(got.toLongArray()).as("%s, %d rows", want.getName(), rows)
                                    .containsExactly(want.toLongArray());
                        }
                    }
                }
            }
        }
    }

    /** Rows of a few users with different recent items, so every input has varied values. */
    private static ModelInputBatch batch(int rows, Random random) {
        // Room for more rows than added: the untrimmed arrays staging reads hold values past the batch's rows.
        ModelInputBatch batch = new ModelInputBatch(rows + 13);
        List<UserFeatures> users = new ArrayList<>();
        for (int u = 0; u < 3; u++) {
            List<RecentItem> recent = new ArrayList<>();
            for (int r = 0; r < 1 + random.nextInt(30); r++) {
                recent.add(new RecentItem(1 + random.nextInt(5_000), 1 + random.nextInt(40), EventType.CLICK,
                        NOW - 1_000L * (r + 1) * (1 + random.nextInt(600))));
            }
            users.add(new UserFeatures(recent, Map.of(7L, 1 + random.nextInt(9)), NOW - 5_000, NOW, NOW));
        }
        for (int i = 0; i < rows; i++) {
            long category = 1 + random.nextInt(40);
            batch.add(users.get(i % users.size()), new ItemFeatures(category, random.nextInt(200), NOW, NOW),
                    1 + random.nextInt(5_000), category, 100L + i % users.size(), NOW);
        }
        return batch;
    }
}
