package io.streamrank.ranking.ann;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamrank.contract.model.ItemEmbeddings;
import io.streamrank.contract.model.ModelStore;
import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.Stage;
import io.streamrank.ranking.Conditions;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.TestEmbeddings;
import io.streamrank.ranking.TestModels;
import io.streamrank.ranking.TestProperties;
import io.streamrank.ranking.model.ModelScorer;
import io.streamrank.ranking.model.ModelWatcher;
import io.streamrank.ranking.model.ServingModels;
import io.streamrank.registry.TrainOptions;
import io.streamrank.registry.Trainer;
import io.streamrank.registry.versions.ModelRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real trained model loaded through DJL and its item embeddings indexed: the index follows the served version as
 * soon as it is swapped in. At start-up the index's first check runs before the model is loaded; waiting for the next
 * periodic check delayed the warm-up and readiness by up to {@code ann-reload-check} (ADR 53).
 */
class AnnIndexIT {

    @TempDir
    Path cache;

    @Test
    void theIndexIsBuiltWhenAModelIsSwappedInNotAtTheNextPeriodicCheck() throws Exception {
        // A period far longer than the test: only the swap itself can start the build.
        try (Serving serving = new Serving(properties(TestModels.trainedWithEmbeddings(), Duration.ofHours(1)))) {
            AnnIndex ann = serving.ann;
            SimpleMeterRegistry meters = serving.meters;
            assertThat(Conditions.within(Duration.ofSeconds(10), () -> "no_model".equals(ann.unavailableReason())))
                    .as("the first periodic check ran and found no model").isTrue();

            serving.watch();
            assertThat(serving.scorer.version()).isPresent();

            assertThat(Conditions.within(Duration.ofSeconds(30), () -> ann.index().isPresent()))
                    .as("index built after the swap, long before the next periodic check").isTrue();
            assertThat(ann.unavailableReason()).isNull();
            assertThat(ann.index().orElseThrow().size()).isEqualTo(TestModels.CATEGORIES.size() * 30);
            assertThat(meters.get("streamrank.ann.index.items").gauge().value())
                    .isEqualTo(TestModels.CATEGORIES.size() * 30.0);
            // The version carries its graph (ADR 69): read, not linked.
            assertThat(indexes(meters, "read")).isEqualTo(1.0);
            assertThat(indexes(meters, "linked")).isEqualTo(0.0);
        }
    }

    @Test
    void neighbourListsCountAsCachedOrSearchedAndANewModelVersionTakesOverTheOldListsAndTheCounts() throws Exception {
        Path trained = TestModels.trainedWithEmbeddings();
        Path store = TestModels.copyOf(trained, cache);
        try (Serving serving = new Serving(properties(store, Duration.ofHours(1)))) {
            AnnIndex ann = serving.ann;
            SimpleMeterRegistry meters = serving.meters;
            serving.watch();
            assertThat(Conditions.within(Duration.ofSeconds(30), () -> ann.index().isPresent())).isTrue();
            HnswIndex first = ann.index().orElseThrow();
            long item = first.itemIds()[0];
            first.neighbours(item, 10);
            first.neighbours(item, 10);
            first.neighbours(item, 5);
            first.neighbours(-1L, 5); // not indexed: neither searched nor cached
            assertThat(lists(meters, "searched")).isEqualTo(1.0);
            assertThat(lists(meters, "cached")).isEqualTo(2.0);

            // A new version gets a new index with an empty cache; what the old one counted stays in the counters, so
            // Prometheus never sees them fall (it would take a fall for a restart).
            Trainer.train(TrainOptions.defaults(List.of(trained.getParent().resolve("train.csv")), store)
                    .withVersion("v-second").withSeed(7L).withEpochs(2), line -> { });
            new ModelRegistry(new LocalDirectoryStore(store)).promote("v-second", Stage.PRODUCTION, "newer");
            serving.watcher.poll();
            assertThat(serving.scorer.version()).contains("v-second");
            assertThat(Conditions.within(Duration.ofSeconds(30),
                    () -> ann.index().isPresent() && ann.index().get() != first)).isTrue();
            assertThat(lists(meters, "searched")).isEqualTo(1.0);
            assertThat(lists(meters, "cached")).isEqualTo(2.0);
            // The list the old index was asked for was searched in the new graph before it served (ADR 68): the next
            // request finds it cached; an item nobody asked for before is still searched.
            HnswIndex second = ann.index().orElseThrow();
            assertThat(second.neighbours(item, 10)).hasSize(10).doesNotContain(item);
            assertThat(lists(meters, "searched")).isEqualTo(1.0);
            assertThat(lists(meters, "cached")).isEqualTo(3.0);
            long other = Arrays.stream(second.itemIds()).filter(id -> id != item).findFirst().orElseThrow();
            second.neighbours(other, 10);
            assertThat(lists(meters, "searched")).isEqualTo(2.0);
            // The trainer exported the new version with its graph: read, not linked on the serving pod.
            assertThat(indexes(meters, "read")).isEqualTo(2.0);
            assertThat(indexes(meters, "linked")).isEqualTo(0.0);
        }
    }

    @Test
    void aGraphWrittenForOtherEmbeddingsIsRefusedAndTheIndexIsLinkedHereInstead() throws Exception {
        Path store = TestModels.copyOf(TestModels.trainedWithEmbeddings(), cache);
        Path version = store.resolve(new ModelStore(store).newestVersion().orElseThrow());
        // A correctly signed version whose graph does not match its embeddings (one item more): checksums cannot tell.
        Path other = TestEmbeddings.write(cache.resolve("other.bin"), TestModels.CATEGORIES, 31, 16, 5);
        TestModels.writeGraph(version, ItemEmbeddings.read(other));

        HnswIndex index = indexOf(properties(store, Duration.ofHours(1), true), "linked");

        assertThat(index.size()).isEqualTo(TestModels.CATEGORIES.size() * 30);
        long item = index.itemIds()[0];
        assertThat(index.neighbours(item, 10)).hasSize(10).doesNotContain(item);
    }

    @Test
    void turnedOffTheExportedGraphIsNotReadAndEveryVersionIsLinkedHere() throws Exception {
        HnswIndex index = indexOf(properties(TestModels.trainedWithEmbeddings(), Duration.ofHours(1), false), "linked");

        assertThat(index.size()).isEqualTo(TestModels.CATEGORIES.size() * 30);
    }

    /** Loads the store's model, waits for its index, checks how its graph was made, and stops everything. */
    private static HnswIndex indexOf(RankingProperties properties, String graph) throws Exception {
        try (Serving serving = new Serving(properties)) {
            serving.watch();
            assertThat(Conditions.within(Duration.ofSeconds(30), () -> serving.ann.index().isPresent())).isTrue();
            assertThat(indexes(serving.meters, graph)).isEqualTo(1.0);
            assertThat(indexes(serving.meters, "read".equals(graph) ? "linked" : "read")).isEqualTo(0.0);
            return serving.ann.index().orElseThrow();
        }
    }

    /** A model scorer and its index over one store; the watcher that loads the model starts on {@link #watch}. */
    private static final class Serving implements AutoCloseable {

        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final RankingProperties properties;
        final ModelScorer scorer;
        final AnnIndex ann;
        ModelWatcher watcher;

        Serving(RankingProperties properties) {
            this.properties = properties;
            this.scorer = ServingModels.scorer(properties, meters);
            this.ann = new AnnIndex(scorer, properties, meters);
        }

        void watch() {
            watcher = ServingModels.watcher(properties, scorer, meters);
        }

        @Override
        public void close() {
            ann.close();
            ServingModels.stop(watcher, scorer);
        }
    }

    private static double indexes(MeterRegistry meters, String graph) {
        return meters.get("streamrank.ann.indexes").tag("graph", graph).counter().count();
    }

    private static double lists(MeterRegistry meters, String result) {
        return meters.get("streamrank.ann.neighbour.lists").tag("result", result).functionCounter().count();
    }

    private RankingProperties properties(Path models, Duration annReloadCheck) {
        return properties(models, annReloadCheck, true);
    }

    private RankingProperties properties(Path models, Duration annReloadCheck, boolean graphFromModel) {
        RankingProperties.Model model = new RankingProperties.Model(models.toString(), 1, 2000, "cpu",
                cache.toString(), Duration.ZERO, false, 0, 0, List.of());
        RankingProperties.Retrieval retrieval = new RankingProperties.Retrieval(500, 3, 100, 100, 100, 3, 40, 20, 10,
                100, annReloadCheck, 0, 1_000, graphFromModel, Duration.ofSeconds(2), Duration.ofSeconds(30), 1_000, true, 200);
        // The rules as configured by default: whether the index is grouped by category reads them (ADR 91).
        return new RankingProperties(null, null, model, null, retrieval, null,
                TestProperties.load(Map.of()).rules(), null, null, null, null, new RankingProperties.Rollout(0, 0, 1));
    }
}
