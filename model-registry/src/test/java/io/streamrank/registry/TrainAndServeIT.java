package io.streamrank.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.model.ItemCategories;
import io.streamrank.contract.model.ItemEmbeddings;
import io.streamrank.contract.model.ItemGraph;
import io.streamrank.contract.model.ItemVectors;
import io.streamrank.contract.model.KeptInputs;
import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.contract.model.ModelMetadata;
import io.streamrank.contract.model.ModelSignature;
import io.streamrank.contract.model.ModelStore;
import io.streamrank.contract.model.PackedHnswGraph;
import io.streamrank.contract.registry.Checksums;
import io.streamrank.contract.registry.Stage;
import io.streamrank.registry.data.EventLog;
import io.streamrank.registry.training.TensorFlowNatives;
import io.streamrank.registry.training.Tensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.types.TFloat32;

/** Trains on a generated clickstream, exports, and serves the export through DJL offline like the ranking service. */
class TrainAndServeIT {

    private static final String VERSION = "v20250101-000000";

    @TempDir
    static Path dir;

    private static ModelStore store;
    private static ModelMetadata trained;
    private static final List<String> progress = new ArrayList<>();
    private static final java.util.regex.Pattern BUILT = java.util.regex.Pattern.compile("built ([0-9,]+) pairs");

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
    void exportedVersionIsCompleteDescribedAndChecksummed() throws Exception {
        assertThat(store.versions()).contains(VERSION);
        ModelMetadata onDisk = ModelMetadata.read(store.metadataFile(VERSION));

        assertThat(onDisk.version()).isEqualTo(VERSION);
        assertThat(onDisk.schemaVersion()).isEqualTo(ModelSignature.SCHEMA_VERSION);
        assertThat(onDisk.features()).isEqualTo(ModelSignature.FEATURES);
        assertThat(Instant.parse(onDisk.createdAt())).isAfter(Instant.parse(onDisk.dataTo()));
        assertThat(Instant.parse(onDisk.dataFrom())).isBefore(Instant.parse(onDisk.dataTo()));
        assertThat(onDisk.trainingRows()).isPositive().isEqualTo(trained.trainingRows());
        // The exported weights are the refit's, over every pair built (validation pairs included), as the metadata says.
        java.util.regex.Matcher built = progress.stream().map(BUILT::matcher).filter(java.util.regex.Matcher::find)
                .findFirst().orElseThrow();
        assertThat(onDisk.trainingRows()).as(built.group())
                .isEqualTo(Long.parseLong(built.group(1).replace(",", "")));
        assertThat(onDisk.hyperParameters()).containsKeys("max_epochs", "batch_size", "negatives", "seed", "l2",
                "embedding_dim", "item_buckets", "variant");
        assertThat(onDisk.metrics()).containsKeys("train_loss", "val_loss", "train_pairwise_accuracy",
                "val_pairwise_accuracy", "best_epoch", "epochs_run").isEqualTo(trained.metrics());
        assertThat(onDisk.sources()).containsExactly("browsing.csv", "browsing.jsonl");
        assertThat(onDisk.codeRevision()).isNotBlank();
        assertThat(store.savedModelDir(VERSION).resolve("saved_model.pb")).isRegularFile();
        assertThat(progress).anySatisfy(line -> assertThat(line).contains("epoch 1/"));

        Checksums sums = Checksums.parse(Files.readAllBytes(store.checksumsFile(VERSION)));
        assertThat(sums.files()).containsKeys("metadata.json", "item_embeddings.bin", "item_categories.bin",
                "model/saved_model.pb");
        sums.verify(VERSION, store.versionDir(VERSION));
        assertThat(store.repository().stage(VERSION).orElseThrow().current()).isEqualTo(Stage.CANDIDATE);
    }

    @Test
    void savedModelGraphHoldsNoSecondCopyOfTheWeights() throws Exception {
        Path model = store.savedModelDir(VERSION);
        long graph = Files.size(model.resolve("saved_model.pb"));
        long weights = Files.size(model.resolve("variables/variables.data-00000-of-00001"));

        // The weights are in the variables checkpoint only; a variable initialised from a constant would put every
        // weight into the graph a second time, for each serving pod to parse at every load (ADR 71).
        assertThat(weights).isGreaterThan(100_000);
        assertThat(graph).isLessThan(weights / 10);
    }

    @Test
    void itemEmbeddingsCoverEveryItemOfTheEvents() throws Exception {
        ItemEmbeddings e = ItemEmbeddings.read(store.itemEmbeddingsFile(VERSION));

        assertThat(e.dim()).isEqualTo(TrainOptions.DEFAULT_DIM);
        assertThat(e.contains(BrowsingFixture.itemId(0, 0))).isTrue();
        assertThat(e.count()).isBetween(BrowsingFixture.CATEGORIES, BrowsingFixture.CATEGORIES
                * BrowsingFixture.ITEMS_PER_CATEGORY);
    }

    @Test
    void everyEmbeddedItemIsExportedWithItsLatestTrainingCategoryAndTheFileIsChecksummed() throws Exception {
        ItemEmbeddings e = ItemEmbeddings.read(store.itemEmbeddingsFile(VERSION));
        ItemCategories categories = ItemCategories.read(store.itemCategoriesFile(VERSION));
        // The events as the trainer read them (the feature job's drops applied), newest last.
        Map<Long, Long> latest = new java.util.HashMap<>();
        for (ClickEvent event : EventLog.read(List.of(dir.resolve("browsing.csv"), dir.resolve("browsing.jsonl")),
                line -> { }).events()) {
            latest.put(event.itemId(), event.categoryId());
        }

        assertThat(categories.count()).isEqualTo(e.count()).isEqualTo(latest.size());
        for (int i = 0; i < e.count(); i++) {
            assertThat(categories.id(i)).isEqualTo(e.id(i));
            assertThat(categories.categoryAt(i)).as("item %d", e.id(i)).isEqualTo(latest.get(e.id(i)));
        }
        assertThat(categories.category(BrowsingFixture.itemId(3, 0))).isEqualTo(BrowsingFixture.categoryId(3));
        // Covered by the checksums, and so by a signature over them (ADR 79), like every artifact.
        Checksums sums = Checksums.parse(Files.readAllBytes(store.checksumsFile(VERSION)));
        assertThat(sums.files()).containsKey(ItemCategories.FILE_NAME);
        try (var in = Files.newInputStream(store.itemCategoriesFile(VERSION))) {
            assertThat(sums.files().get(ItemCategories.FILE_NAME)).isEqualTo(Checksums.sha256(in));
        }
    }

    @Test
    void theHnswGraphOfTheItemEmbeddingsIsExportedChecksummedAndReadsBackForThem() throws Exception {
        ItemEmbeddings e = ItemEmbeddings.read(store.itemEmbeddingsFile(VERSION));
        ItemVectors vectors = ItemVectors.of(e);

        // The service reads this instead of linking a graph on every pod at every swap (ADR 69).
        PackedHnswGraph graph = ItemGraph.read(store.itemGraphDir(VERSION), vectors);

        assertThat(graph.size()).isEqualTo(vectors.size()).isEqualTo(e.count());
        assertThat(Checksums.parse(Files.readAllBytes(store.checksumsFile(VERSION))).files().keySet())
                .anySatisfy(path -> assertThat(path).startsWith(ItemGraph.DIR_NAME + "/").endsWith(".si"));
        assertThat(progress).anySatisfy(line -> assertThat(line)
                .startsWith("linked the HNSW graph of " + vectors.size() + " item vectors in "));
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
        ModelInputBatch rows = randomRows(64);
        float[] viaDjl;
        try (DjlScorer djl = new DjlScorer(store.savedModelDir(VERSION))) {
            viaDjl = djl.score(rows).scores();
        }
        float[] viaSession = sessionScores(store.savedModelDir(VERSION), rows);

        for (int i = 0; i < rows.size(); i++) {
            assertThat(viaDjl[i]).as("row %d", i).isCloseTo(viaSession[i], within(1e-5f));
        }
    }

    @Test
    void inputTensorsKeptBetweenCallsScoreAsNewTensorsWhateverShapesCameBefore() throws Exception {
        // The service writes each call's inputs into tensors kept from earlier calls, rows padded with zero rows to a
        // multiple of ROW_STEP (ADR 49). Two shapes kept here: shapes come back with other values, are evicted and
        // made again; a padding row must not change any real row's score.
        int[] sizes = {37, 500, 37, 1, 64, 700, 33, 37, 500, 32};
        try (DjlScorer djl = new DjlScorer(store.savedModelDir(VERSION)); KeptInputs kept = djl.keptInputs(2)) {
            for (int call = 0; call < sizes.length; call++) {
                int n = sizes[call];
                ModelInputBatch rows = randomRows(n, 1000L + call);
                float[] fresh = djl.score(rows).scores();
                DjlScorer.Scored viaKept = djl.score(rows, kept);
                int padded = (n + KeptInputs.ROW_STEP - 1) / KeptInputs.ROW_STEP * KeptInputs.ROW_STEP;
                assertThat(viaKept.shape()).as("call %d", call).containsExactly(padded);
                for (int i = 0; i < n; i++) {
                    assertThat(viaKept.scores()[i]).as("call %d (%d rows), row %d", call, n, i)
                            .isCloseTo(fresh[i], within(1e-5f));
                }
            }
        }
    }

    @Test
    void rowsOfSeveralUsersScoreAsEachRowAlone() throws Exception {
        // Runs of rows per user snapshot: the batch holds one context row per run and gathers it onto the rows.
        ModelInputBatch random = randomRows(9);
        ModelInputBatch runs = random.select(new int[] {0, 0, 0, 1, 2, 2, 0, 8, 8}, 0, 9);
        assertThat(runs.inputs().get(4).shape()[0]).isEqualTo(5);

        try (DjlScorer djl = new DjlScorer(store.savedModelDir(VERSION))) {
            float[] together = djl.score(runs).scores();
            for (int i = 0; i < runs.size(); i++) {
                float alone = djl.score(runs.select(new int[] {i}, 0, 1)).scores()[0];
                assertThat(together[i]).as("row %d", i).isCloseTo(alone, within(1e-5f));
            }
        }
    }

    @Test
    void userContextRanksAnItemOfTheBrowsedCategoryFirst() throws Exception {
        long now = BrowsingFixture.START_SECONDS * 1000 + 3_600_000;
        long browsed = BrowsingFixture.categoryId(3);
        long unrelated = BrowsingFixture.categoryId(7);
        UserFeatures user = new UserFeatures(List.of(
                new RecentItem(BrowsingFixture.itemId(3, 1), browsed, EventType.CLICK, now - 30_000),
                new RecentItem(BrowsingFixture.itemId(3, 0), browsed, EventType.CLICK, now - 70_000)),
                Map.of(browsed, 2), now - 30_000, now, now);
        // Candidates equal in everything the item side knows, so only the user's context can separate them.
        ModelInputBatch batch = new ModelInputBatch(2);
        batch.add(user, new ItemFeatures(browsed, 3, now, now), BrowsingFixture.itemId(3, 2), browsed, 9_999L, now);
        batch.add(user, new ItemFeatures(unrelated, 3, now, now), BrowsingFixture.itemId(7, 2), unrelated, 9_999L,
                now);

        try (DjlScorer djl = new DjlScorer(store.savedModelDir(VERSION))) {
            float[] scores = djl.score(batch).scores();
            assertThat(scores[0]).isGreaterThan(scores[1]);
        }
    }

    @Test
    void sameInputsAndSeedRetrainTheSameModel() throws Exception {
        String again = "v20250101-000001";
        List<Path> events = List.of(dir.resolve("browsing.csv"), dir.resolve("browsing.jsonl"));
        ModelMetadata retrained = Trainer.train(TrainOptions.defaults(events, store.root()).withVersion(again),
                line -> { });

        Map<String, Double> first = new java.util.HashMap<>(trained.metrics());
        Map<String, Double> second = new java.util.HashMap<>(retrained.metrics());
        first.remove("training_seconds");
        second.remove("training_seconds");
        assertThat(second).isEqualTo(first);
        ModelInputBatch rows = randomRows(16);
        try (DjlScorer a = new DjlScorer(store.savedModelDir(VERSION));
             DjlScorer b = new DjlScorer(store.savedModelDir(again))) {
            assertThat(b.score(rows).scores()).containsExactly(a.score(rows).scores());
        }
    }

    private static float[] sessionScores(Path savedModel, ModelInputBatch rows) {
        TensorFlowNatives.load();
        Map<String, Tensor> inputs = new java.util.HashMap<>();
        try (Tensors tensors = new Tensors();
             SavedModelBundle bundle = SavedModelBundle.load(savedModel.toString(), ModelSignature.TAG)) {
            for (ModelInputBatch.Input in : rows.inputs()) {
                inputs.put(in.name(), tensors.of(in));
            }
            try (Result result = bundle.function(ModelSignature.SIGNATURE_KEY).call(inputs)) {
                return StdArrays.array1dCopyOf((TFloat32) result.get(ModelSignature.OUTPUT_NAME).orElseThrow());
            }
        }
    }

    /** Rows of random users and items of the fixture, with features in the ranges the vectorizer produces. */
    private static ModelInputBatch randomRows(int n) {
        return randomRows(n, n);
    }

    private static ModelInputBatch randomRows(int n, long seed) {
        return BrowsingFixture.rows(n, seed);
    }
}
