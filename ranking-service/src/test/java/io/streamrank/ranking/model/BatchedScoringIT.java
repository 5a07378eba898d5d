package io.streamrank.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.ZooModel;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.contract.model.DjlModelInputs;
import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.contract.model.ModelSignature;
import io.streamrank.contract.model.ModelStore;
import io.streamrank.registry.export.ModelExporter;
import io.streamrank.registry.training.TrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dynamic batching with the real DJL TensorFlow engine and an exported model: requests scored together in one call
 * (their rows concatenated, each with its own user context) get the scores they get alone.
 */
class BatchedScoringIT {

    private static final long NOW = 1_763_700_000_000L;

    @TempDir
    Path dir;

    /** A request of {@code rows} candidates for a user of its own, with a context of its own. */
    private static ModelInputBatch request(int n, int rows) {
        return fill(new ModelInputBatch(rows), n, rows);
    }

    private static ModelInputBatch fill(ModelInputBatch batch, int n, int rows) {
        Random random = new Random(n);
        List<RecentItem> recent = new ArrayList<>();
        for (int i = 0; i < n % 7; i++) {
            recent.add(new RecentItem(1 + random.nextInt(500), 1 + random.nextInt(40), EventType.CLICK,
                    NOW - 1_000L * (i + 1)));
        }
        UserFeatures user = new UserFeatures(recent, Map.of(), NOW - 1_000, NOW, NOW);
        for (int i = 0; i < rows; i++) {
            long item = 1 + random.nextInt(1000);
            batch.add(user, new ItemFeatures(item % 40, random.nextInt(30), NOW - 5_000, NOW), item, item % 40,
                    1_000L + n, NOW);
        }
        return batch;
    }

    private LoadedModel load(DistributionSummary perCall, SimpleMeterRegistry meters) throws Exception {
        ModelStore store = new ModelStore(dir.resolve("models"));
        ModelExporter.export(store, new TrainingResult(PreviousSchemaModelIT.randomWeights(new Random(11)),
                PreviousSchemaModelIT.HP, Map.of()), Map.of(1L, 2L),
                PreviousSchemaModelIT.metadata("v-batched", ModelSignature.SCHEMA_VERSION));
        return LoadedModel.load(store.versionDir("v-batched"),
                new LoadedModel.Pooling(1, 2000, meters.timer("predictor.wait"), perCall,
                        meters.counter("input.shapes")), Device.cpu());
    }

    @Test
    void aBatchClearedAndRefilledScoresLikeANewOne() throws Exception {
        // The service reuses a finished request's batch for the next one (ADR 35): larger and smaller requests of
        // other users, one after another in the same batch, must score exactly as each does in a batch of its own.
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LoadedModel model = load(meters.summary("requests.per.call"), meters);
        try {
            model.warm();
            ModelInputBatch reused = new ModelInputBatch(1);
            for (int n = 0; n < 12; n++) {
                int rows = 5 + (n * 37) % 200;
                float[] expected = model.score(request(n, rows));
                reused.clear();
                float[] actual = model.score(fill(reused, n, rows));
                assertThat(actual).as("request %d", n).containsExactly(expected, within(1e-5f));
            }
        } finally {
            model.closeNow();
        }
    }

    @Test
    void inputsWrittenIntoKeptTensorMemoryScoreAsNewTensors() throws Exception {
        // The service writes each call's inputs straight into the memory of tensors its predictor keeps, rows padded
        // to a multiple of 32 (ADR 49); a plain DJL call on new tensors is the reference. The sizes bring shapes back,
        // past the kept ones (evicted and made again) and with fewer rows than the tensors' padding held before.
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LoadedModel model = load(meters.summary("requests.per.call"), meters);
        int[] sizes = {37, 200, 37, 1, 64, 500, 33, 700, 130, 260, 37, 5, 500, 200};
        try (ZooModel<NDList, NDList> reference = DjlModelInputs.criteria(
                model.dir().resolve(ModelStore.SAVED_MODEL_DIR)).build().loadModel();
             Predictor<NDList, NDList> predictor = reference.newPredictor()) {
            for (int call = 0; call < sizes.length; call++) {
                ModelInputBatch batch = request(100 + call, sizes[call]);
                float[] expected;
                try (NDManager manager = reference.getNDManager().newSubManager()) {
                    expected = DjlModelInputs.scores(predictor.predict(DjlModelInputs.tensors(batch, manager)))
                            .toFloatArray();
                }
                assertThat(model.score(batch)).as("call %d, %d rows", call, sizes[call])
                        .containsExactly(expected, within(1e-5f));
            }
            // Padded to 64, 224, 64, 32, 64, 512, 64, 704, 160, 288 (evicting 224, the least recently used of the
            // six kept), 64, 32, 512, 224 (made again): 8 sets made for 14 calls.
            assertThat(meters.counter("input.shapes").count()).isEqualTo(8.0);
        } finally {
            model.closeNow();
        }
    }

    @Test
    void requestsScoredTogetherGetTheScoresTheyGetAlone() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DistributionSummary perCall = meters.summary("requests.per.call");
        LoadedModel model = load(perCall, meters);
        int requests = 160;
        List<ModelInputBatch> batches = new ArrayList<>();
        List<float[]> alone = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            model.warm();
            for (int n = 0; n < requests; n++) {
                batches.add(request(n, 5 + (n * 13) % 120));
                alone.add(model.score(batches.get(n)));
            }
            double callsAlone = perCall.count();

            List<Future<float[]>> together = new ArrayList<>();
            for (int n = 0; n < requests; n++) {
                ModelInputBatch b = batches.get(n);
                together.add(clients.submit(() -> model.score(b)));
            }

            for (int n = 0; n < requests; n++) {
                float[] expected = alone.get(n);
                float[] actual = together.get(n).get(60, TimeUnit.SECONDS);
                assertThat(actual).as("request %d", n).hasSize(expected.length);
                for (int i = 0; i < expected.length; i++) {
                    assertThat(actual[i]).as("request %d row %d", n, i).isCloseTo(expected[i], within(1e-4f));
                }
            }
            // 8 clients on one predictor: some requests must have waited and been scored together.
            assertThat(perCall.max()).isGreaterThan(1);
            assertThat(perCall.count() - callsAlone).isLessThan(requests);
        } finally {
            clients.shutdownNow();
            model.closeNow();
        }
    }
}
