package io.streamrank.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.contract.model.FeatureVectorizer;
import io.streamrank.contract.model.ModelMetadata;
import io.streamrank.contract.model.ModelSignature;
import io.streamrank.contract.model.ModelStore;
import io.streamrank.registry.training.TensorFlowNatives;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Trains on a generated clickstream, exports, and serves the export through DJL offline like the ranking service. */
class TrainAndServeIT {

    private static final String VERSION = "v20250101-000000";

    @TempDir
    static Path dir;

    private static ModelStore store;
    private static ModelMetadata trained;
    private static final List<String> progress = new ArrayList<>();

    @BeforeAll
    static void trainOnTheFixture() throws Exception {
        Path csv = dir.resolve("browsing.csv");
        Path jsonl = dir.resolve("browsing.jsonl");
        BrowsingFixture.write(csv, jsonl, 160, 11L);
        store = new ModelStore(dir.resolve("models"));
        trained = Trainer.train(TrainOptions.defaults(List.of(csv, jsonl), store.root()).withVersion(VERSION),
                line -> {
                    progress.add(line);
                    System.out.println(line);
                });
    }

    @Test
    void exportedVersionIsCompleteAndDescribed() throws Exception {
        assertThat(store.versions()).containsExactly(VERSION);
        ModelMetadata onDisk = ModelMetadata.read(store.metadataFile(VERSION));

        assertThat(onDisk.version()).isEqualTo(VERSION);
        assertThat(onDisk.schemaVersion()).isEqualTo(ModelSignature.SCHEMA_VERSION);
        assertThat(onDisk.features()).isEqualTo(ModelSignature.FEATURES);
        assertThat(Instant.parse(onDisk.createdAt())).isAfter(Instant.parse(onDisk.dataTo()));
        assertThat(Instant.parse(onDisk.dataFrom())).isBefore(Instant.parse(onDisk.dataTo()));
        assertThat(onDisk.trainingRows()).isPositive().isEqualTo(trained.trainingRows());
        assertThat(onDisk.hyperParameters()).containsKeys("epochs", "batch_size", "negatives", "seed", "l2");
        assertThat(onDisk.metrics()).containsOnlyKeys("train_loss", "val_loss", "train_pairwise_accuracy",
                "val_pairwise_accuracy").isEqualTo(trained.metrics());
        assertThat(onDisk.sources()).containsExactly("browsing.csv", "browsing.jsonl");
        assertThat(store.savedModelDir(VERSION).resolve("saved_model.pb")).isRegularFile();
        assertThat(progress).anySatisfy(line -> assertThat(line).startsWith("epoch 3/3"));
    }

    @Test
    void modelLearnsThePatternBetterThanChance() {
        // Ties count as wrong and half the negatives share the positive's category, so this is far from 1.
        assertThat(trained.metrics().get("val_pairwise_accuracy")).isGreaterThan(0.6);
        assertThat(trained.metrics().get("val_loss")).isLessThan(Math.log(2));
    }

    @Test
    void djlReturnsOneScorePerRow() throws Exception {
        try (DjlScorer djl = new DjlScorer(store.savedModelDir(VERSION))) {
            assertThat(djl.score(randomRows(37)).shape()).containsExactly(37);
            assertThat(djl.score(randomRows(1)).shape()).containsExactly(1);
        }
    }

    @Test
    void djlScoresEqualTensorFlowSessionScores() throws Exception {
        float[][] rows = randomRows(64);
        float[] viaDjl;
        try (DjlScorer djl = new DjlScorer(store.savedModelDir(VERSION))) {
            viaDjl = djl.score(rows).scores();
        }
        float[] viaSession = sessionScores(store.savedModelDir(VERSION), rows);

        for (int i = 0; i < rows.length; i++) {
            assertThat(viaDjl[i]).as("row %d", i).isCloseTo(viaSession[i], within(1e-5f));
        }
    }

    @Test
    void userWhoJustBrowsedACategoryGetsItRankedAboveAnUnrelatedOne() throws Exception {
        long now = BrowsingFixture.START_SECONDS * 1000 + 3_600_000;
        long browsed = BrowsingFixture.categoryId(3);
        long unrelated = BrowsingFixture.categoryId(7);
        UserFeatures user = new UserFeatures(List.of(
                new RecentItem(BrowsingFixture.itemId(3, 1), browsed, EventType.CLICK, now - 30_000),
                new RecentItem(BrowsingFixture.itemId(3, 0), browsed, EventType.CLICK, now - 70_000)),
                Map.of(browsed, 2), now - 30_000, now, now);
        // Candidates equal in everything the item side knows, so only the user's context can separate them.
        float[] sameCategory = candidate(user, BrowsingFixture.itemId(3, 2), browsed, now);
        float[] otherCategory = candidate(user, BrowsingFixture.itemId(7, 2), unrelated, now);

        try (DjlScorer djl = new DjlScorer(store.savedModelDir(VERSION))) {
            float[] scores = djl.score(new float[][] {sameCategory, otherCategory}).scores();
            assertThat(scores[0]).isGreaterThan(scores[1]);
        }
    }

    @Test
    void sameInputsAndSeedRetrainTheSameModel() throws Exception {
        String again = "v20250101-000001";
        List<Path> events = List.of(dir.resolve("browsing.csv"), dir.resolve("browsing.jsonl"));
        ModelMetadata retrained = Trainer.train(TrainOptions.defaults(events, store.root()).withVersion(again),
                line -> { });

        assertThat(retrained.metrics()).isEqualTo(trained.metrics());
        float[][] rows = randomRows(16);
        try (DjlScorer first = new DjlScorer(store.savedModelDir(VERSION));
             DjlScorer second = new DjlScorer(store.savedModelDir(again))) {
            assertThat(second.score(rows).scores()).containsExactly(first.score(rows).scores());
        }
    }

    private static float[] candidate(UserFeatures user, long item, long category, long now) {
        return FeatureVectorizer.row(user, new ItemFeatures(category, 3, now, now), item, category, now);
    }

    private static float[] sessionScores(Path savedModel, float[][] rows) {
        TensorFlowNatives.load();
        float[] flat = new float[rows.length * ModelSignature.FEATURE_COUNT];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * ModelSignature.FEATURE_COUNT, ModelSignature.FEATURE_COUNT);
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(savedModel.toString(), ModelSignature.TAG);
             TFloat32 input = TFloat32.tensorOf(Shape.of(rows.length, ModelSignature.FEATURE_COUNT),
                     DataBuffers.of(flat, true, false));
             Result result = bundle.function(ModelSignature.SIGNATURE_KEY)
                     .call(Map.of(ModelSignature.INPUT_NAME, input))) {
            return StdArrays.array1dCopyOf((TFloat32) result.get(ModelSignature.OUTPUT_NAME).orElseThrow());
        }
    }

    /** Rows in the ranges the vectorizer produces: log counts, shares, flags and a decay. */
    private static float[][] randomRows(int n) {
        Random random = new Random(n);
        float[][] rows = new float[n][ModelSignature.FEATURE_COUNT];
        for (float[] r : rows) {
            r[0] = (float) Math.log1p(random.nextInt(10));
            r[1] = random.nextFloat();
            r[2] = random.nextInt(2);
            r[3] = (float) Math.log1p(random.nextInt(100));
            r[4] = (float) Math.log1p(random.nextInt(51));
            r[5] = random.nextInt(2);
            r[6] = random.nextFloat();
            r[7] = random.nextInt(2);
        }
        return rows;
    }
}
