package io.streamrank.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.contract.model.ModelMetadata;
import io.streamrank.contract.model.ModelSignature;
import io.streamrank.contract.model.ModelStore;
import io.streamrank.registry.export.ModelExporter;
import io.streamrank.registry.training.HyperParameters;
import io.streamrank.registry.training.RankerGraph;
import io.streamrank.registry.training.RankerWeights;
import io.streamrank.registry.training.TensorFlowNatives;
import io.streamrank.registry.training.TrainingResult;
import io.streamrank.registry.training.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A model of the previous schema (context on every row, no {@code context_row}) still serves, and scores exactly as
 * the same weights exported with the current schema: a service upgrade does not wait for a retrained model. The
 * schema-2 SavedModel is built here from the trainer's own scoring graph, since the trainer exports only schema 3.
 */
class PreviousSchemaModelIT {

    private static final long NOW = 1_763_700_000_000L;
    static final HyperParameters HP = new HyperParameters(1, 1, 64, 0.001f, 0.001f, 8, 8, 50, 200, 20,
            Variant.FULL, 1L);

    @TempDir
    static Path dir;

    private static ModelStore store;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LoadedModel.Pooling onePredictor = new LoadedModel.Pooling(1, 2000, meters.timer("predictor.wait"),
            meters.summary("requests.per.call"), meters.counter("input.shapes"));

    @BeforeAll
    static void sameWeightsInBothSchemas() throws IOException {
        store = new ModelStore(dir.resolve("models"));
        TrainingResult weights = new TrainingResult(randomWeights(new Random(5)), HP, Map.of());
        ModelExporter.export(store, weights, Map.of(1L, 2L), metadata("v-schema3", ModelSignature.SCHEMA_VERSION));
        Path v2 = store.versionDir("v-schema2");
        exportSchema2(weights.weights(), store.savedModelDir("v-schema2"));
        metadata("v-schema2", ModelSignature.PREVIOUS_SCHEMA_VERSION).write(v2.resolve(ModelMetadata.FILE_NAME));
    }

    @Test
    void aSchema2ModelScoresLikeItsSchema3Twin() throws Exception {
        ModelInputBatch batch = twoUsers();
        LoadedModel current = LoadedModel.load(store.versionDir("v-schema3"), onePredictor, Device.cpu());
        LoadedModel previous = LoadedModel.load(store.versionDir("v-schema2"), onePredictor, Device.cpu());
        try {
            previous.warm();
            float[] expected = current.score(batch);
            float[] actual = previous.score(batch);

            assertThat(actual).hasSize(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                assertThat(actual[i]).as("row %d", i).isCloseTo(expected[i], within(1e-5f));
            }
            assertThat(expected[0]).as("the context matters").isNotCloseTo(expected[5], within(1e-6f));
        } finally {
            current.closeNow();
            previous.closeNow();
        }
    }

    @Test
    void otherSchemasAreRefusedNamingTheServableOnes() throws IOException {
        Path v4 = Files.createDirectories(dir.resolve("v-schema4"));
        metadata("v-schema4", ModelSignature.SCHEMA_VERSION + 1).write(v4.resolve(ModelMetadata.FILE_NAME));

        assertThatThrownBy(() -> LoadedModel.load(v4, onePredictor, Device.cpu()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("feature schema " + (ModelSignature.SCHEMA_VERSION + 1))
                .hasMessageContaining(ModelSignature.SERVABLE_SCHEMA_VERSIONS.toString());
    }

    @Test
    void aModelWhoseDenseColumnsAreInAnotherOrderIsRefusedThoughItsSchemaIsServable() throws IOException {
        // The same files as the servable schema-3 version; only the metadata's column order differs.
        Path moved = dir.resolve("v-moved");
        org.springframework.util.FileSystemUtils.copyRecursively(store.versionDir("v-schema3"), moved);
        List<String> swapped = new java.util.ArrayList<>(ModelSignature.FEATURES);
        java.util.Collections.swap(swapped, 0, 1);
        ModelMetadata m = metadata("v-moved", ModelSignature.SCHEMA_VERSION);
        new ModelMetadata(m.version(), m.schemaVersion(), swapped, m.createdAt(), m.dataFrom(), m.dataTo(),
                m.trainingRows(), m.hyperParameters(), m.metrics(), m.sources(), m.codeRevision())
                .write(moved.resolve(ModelMetadata.FILE_NAME));

        assertThatThrownBy(() -> LoadedModel.load(moved, onePredictor, Device.cpu()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("lists dense features");
    }

    /** Five candidates of one user, then the same five of a user with another context. */
    private static ModelInputBatch twoUsers() {
        UserFeatures browsing = new UserFeatures(List.of(new RecentItem(17L, 3L, EventType.CLICK, NOW - 60_000),
                new RecentItem(23L, 4L, EventType.CART, NOW - 120_000)), Map.of(3L, 1), NOW - 60_000, NOW, NOW);
        UserFeatures other = new UserFeatures(List.of(new RecentItem(99L, 9L, EventType.CLICK, NOW - 30_000)),
                Map.of(9L, 1), NOW - 30_000, NOW, NOW);
        ModelInputBatch batch = new ModelInputBatch(10);
        for (UserFeatures user : List.of(browsing, other)) {
            for (long item = 1; item <= 5; item++) {
                batch.add(user, new ItemFeatures(item % 3, (int) item, NOW, NOW), item, item % 3, 42L, NOW);
            }
        }
        return batch;
    }

    static ModelMetadata metadata(String version, int schema) {
        return new ModelMetadata(version, schema, ModelSignature.FEATURES, "", "", "", 0, HP.asMap(), Map.of(),
                List.of(), "test");
    }

    static RankerWeights randomWeights(Random random) {
        int f = ModelSignature.FEATURE_COUNT;
        return new RankerWeights(matrix(random, f, HP.hidden()), vector(random, HP.hidden()),
                matrix(random, HP.hidden(), 1), vector(random, 1), matrix(random, HP.userBuckets(), HP.dim()),
                matrix(random, HP.itemBuckets(), HP.dim()), matrix(random, HP.categoryBuckets(), HP.dim()),
                vector(random, HP.itemBuckets()));
    }

    private static float[][] matrix(Random random, int rows, int cols) {
        float[][] m = new float[rows][];
        for (int i = 0; i < rows; i++) {
            m[i] = vector(random, cols);
        }
        return m;
    }

    private static float[] vector(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian() * 0.3f;
        }
        return v;
    }

    /**
     * The serving graph as schema 2 had it: {@code [batch, 20]} context inputs and no {@code context_row}; inside,
     * row {@code i} uses context row {@code i}, which is what schema 2 computed.
     */
    private static void exportSchema2(RankerWeights w, Path savedModelDir) throws IOException {
        TensorFlowNatives.load();
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Shape ids = Shape.of(-1);
            Shape context = Shape.of(-1, ModelSignature.CONTEXT_ITEMS);
            Placeholder<TFloat32> features = tf.withName(ModelSignature.INPUT_NAME).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, ModelSignature.FEATURE_COUNT)));
            Placeholder<TInt64> user = ids(tf, ModelSignature.USER_ID, ids);
            Placeholder<TInt64> item = ids(tf, ModelSignature.ITEM_ID, ids);
            Placeholder<TInt64> category = ids(tf, ModelSignature.CATEGORY_ID, ids);
            Placeholder<TInt64> recentItems = ids(tf, ModelSignature.RECENT_ITEM_IDS, context);
            Placeholder<TInt64> recentCategories = ids(tf, ModelSignature.RECENT_CATEGORY_IDS, context);
            Operand<TInt64> everyRow = tf.range(tf.constant(0L), tf.size(user, TInt64.class),
                    tf.constant(1L));
            RankerGraph.Params p = new RankerGraph.Params(
                    tf.variable(tf.constant(w.w1())), tf.variable(tf.constant(w.b1())),
                    tf.variable(tf.constant(w.w2())), tf.variable(tf.constant(w.b2())),
                    tf.variable(tf.constant(w.user())), tf.variable(tf.constant(w.item())),
                    tf.variable(tf.constant(w.category())), tf.variable(tf.constant(w.itemBias())));
            Operand<TFloat32> score = tf.withName(ModelSignature.OUTPUT_NAME).identity(RankerGraph.scores(tf,
                    new RankerGraph.Inputs(features, user, item, category, recentItems, recentCategories, everyRow),
                    p, HP));
            Signature signature = Signature.builder()
                    .key(ModelSignature.SIGNATURE_KEY)
                    .input(ModelSignature.INPUT_NAME, features)
                    .input(ModelSignature.USER_ID, user)
                    .input(ModelSignature.ITEM_ID, item)
                    .input(ModelSignature.CATEGORY_ID, category)
                    .input(ModelSignature.RECENT_ITEM_IDS, recentItems)
                    .input(ModelSignature.RECENT_CATEGORY_IDS, recentCategories)
                    .output(ModelSignature.OUTPUT_NAME, score)
                    .build();
            try (Session session = new Session(graph)) {
                session.initialize();
                Files.createDirectories(savedModelDir);
                SavedModelBundle.exporter(savedModelDir.toString())
                        .withTags(ModelSignature.TAG)
                        .withFunction(SessionFunction.create(signature, session))
                        .export();
            }
        }
    }

    private static Placeholder<TInt64> ids(Ops tf, String name, Shape shape) {
        return tf.withName(name).placeholder(TInt64.class, Placeholder.shape(shape));
    }
}
