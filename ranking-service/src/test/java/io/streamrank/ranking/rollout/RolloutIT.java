package io.streamrank.ranking.rollout;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamrank.contract.model.ItemCategories;
import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.contract.model.ModelStore;
import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.Stage;
import io.streamrank.ranking.Conditions;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.TestModels;
import io.streamrank.ranking.TestRows;
import io.streamrank.ranking.model.ModelScorer;
import io.streamrank.ranking.model.ModelWatcher;
import io.streamrank.ranking.model.Role;
import io.streamrank.ranking.model.ServingModels;
import io.streamrank.registry.TrainOptions;
import io.streamrank.registry.Trainer;
import io.streamrank.registry.versions.ModelRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three real versions from the real trainer, loaded through DJL by the real watcher from the registry's stages: the
 * canary ranks its cohort and nobody else, leaves when its stage changes, and the shadow scores handed-over rows on
 * its own thread and records its agreement with the served scores.
 */
class RolloutIT {

    @TempDir
    static Path dir;

    private static Path models;
    private static String first;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ModelScorer scorer;
    private ModelWatcher watcher;

    @BeforeAll
    static void threeTrainedVersions() throws Exception {
        models = TestModels.train(dir);
        first = new ModelRegistry(new LocalDirectoryStore(models)).list().get(0).version();
        for (String version : List.of("v-second", "v-third")) {
            Trainer.train(TrainOptions.defaults(List.of(dir.resolve("train.csv")), models).withVersion(version)
                    .withSeed(version.length() + 7L).withEpochs(2), line -> { });
        }
    }

    @AfterEach
    void stop() {
        if (scorer != null) {
            ServingModels.stop(watcher, scorer);
        }
    }

    @Test
    void theCanaryRanksOnlyItsStableCohortAndLeavesWhenItsStageChanges() throws Exception {
        Path store = TestModels.copyOf(models, dir);
        ModelRegistry registry = servingFirst(store);
        registry.promote("v-second", Stage.CANARY, "try second on 30 %");
        // The canary knows an item the serving version does not (it was trained later): its cohort's rows take it.
        ModelStore versions = new ModelStore(store);
        ItemCategories.of(Map.of(999_001L, 77L)).write(versions.itemCategoriesFile("v-second"));
        TestModels.resign(versions.versionDir("v-second"));
        RankingProperties properties = properties(store, 30, 0, 4);
        start(properties);
        CanaryCohort cohort = new CanaryCohort(scorer, properties);

        assertThat(scorer.version()).contains(first);
        assertThat(scorer.version(Role.CANARY)).contains("v-second");
        assertThat(meters.get("streamrank.rollout.loaded").tags("role", "canary", "version", "v-second").gauge()
                .value()).isEqualTo(1.0);
        long inCohort = LongStream.rangeClosed(1, 4000).filter(u -> cohort.includes(u, "v-second")).count();
        assertThat(inCohort / 4000.0).as("share of users in the cohort").isBetween(0.27, 0.33);
        long canaryUser = LongStream.rangeClosed(1, 100).filter(u -> cohort.includes(u, "v-second")).findFirst()
                .orElseThrow();
        long servedUser = LongStream.rangeClosed(1, 100).filter(u -> !cohort.includes(u, "v-second")).findFirst()
                .orElseThrow();
        assertThat(cohort.itemCategories(canaryUser).category(999_001L)).as("the canary's table").isEqualTo(77);
        assertThat(cohort.itemCategories(servedUser).category(999_001L)).as("the serving version's").isZero();
        assertThat(cohort.itemCategories(servedUser)).isSameAs(scorer.itemCategories());
        for (int again = 0; again < 20; again++) {
            assertThat(cohort.score(canaryUser, TestRows.batch(5)).version()).isEqualTo("v-second");
            assertThat(cohort.score(servedUser, TestRows.batch(5))).as("left to the serving version").isNull();
        }
        ModelScorer.Scored byCanary = cohort.score(canaryUser, TestRows.batch(40));
        ModelScorer.Scored byServing = scorer.score(Role.SERVING, TestRows.batch(40));
        assertThat(byCanary.version()).isEqualTo("v-second");
        assertThat(byServing.version()).isEqualTo(first);
        assertThat(byCanary.scores()).hasSize(40).isNotEqualTo(byServing.scores());

        // Promoting the canary makes it the serving version: it is no longer loaded a second time as the canary.
        registry.promote("v-second", Stage.PRODUCTION, "canary went well");
        watcher.poll();
        assertThat(scorer.version()).contains("v-second");
        assertThat(scorer.version(Role.CANARY)).isEmpty();
        assertThat(cohort.score(canaryUser, TestRows.batch(5))).isNull();
        assertThat(meters.find("streamrank.rollout.loaded").gauges()).isEmpty();

        // A new canary, then its stage changes to archived (it went badly): everyone is back on the serving version.
        registry.promote("v-third", Stage.CANARY, "try third");
        watcher.poll();
        assertThat(scorer.version(Role.CANARY)).contains("v-third");
        assertThat(LongStream.rangeClosed(1, 4000).filter(u -> cohort.includes(u, "v-third")).count())
                .isBetween(1_080L, 1_320L);
        long thirdsUser = LongStream.rangeClosed(1, 100).filter(u -> cohort.includes(u, "v-third")).findFirst()
                .orElseThrow();
        assertThat(cohort.score(thirdsUser, TestRows.batch(5)).version()).isEqualTo("v-third");
        registry.promote("v-third", Stage.ARCHIVED, "third regressed");
        watcher.poll();
        assertThat(scorer.version(Role.CANARY)).isEmpty();
        // Without a canary nobody is its user: no exception (a request would count it as a canary failure, the
        // fallback alert), the serving version ranks them.
        ModelInputBatch rows = TestRows.batch(5);
        assertThat(LongStream.rangeClosed(1, 4000).filter(u -> cohort.score(u, rows) != null).count()).isZero();
        assertThat(scorer.score(Role.SERVING, rows).scores()).hasSize(5);
    }

    @Test
    void aCanarySwappedWhileARequestDecidesItsCohortNeverRanksAUserOutsideItsOwnCohort() throws Exception {
        Path store = TestModels.copyOf(models, dir);
        ModelRegistry registry = servingFirst(store);
        registry.promote("v-second", Stage.CANARY, "try second on 30 %");
        RankingProperties properties = properties(store, 30, 0, 1);
        start(properties);
        CanaryCohort cohort = new CanaryCohort(scorer, properties);
        long user = LongStream.rangeClosed(1, 1000)
                .filter(u -> cohort.includes(u, "v-second") && !cohort.includes(u, "v-third")).findFirst()
                .orElseThrow();
        // The canary changes right after the request found the user in its cohort: the decision was for v-second,
        // and v-third must not rank someone outside its own cohort.
        AtomicBoolean swapped = new AtomicBoolean();
        ModelScorer.Cohort swappingMidDecision = (u, version) -> {
            boolean in = cohort.includes(u, version);
            if (swapped.compareAndSet(false, true)) {
                registry.promote("v-third", Stage.CANARY, "try third instead");
                watcher.poll();
            }
            return in;
        };

        ModelScorer.Scored scored = scorer.scoreCanary(user, swappingMidDecision, TestRows.batch(40));

        assertThat(scorer.version(Role.CANARY)).as("swapped during the decision").contains("v-third");
        // v-second was closed by the swap (no request held it): the user is left to the serving version. Had a
        // request still held it, v-second would have scored, which is right too: it is the version decided for.
        assertThat(scored).as("scored by " + (scored == null ? "none" : scored.version())).isNull();
    }

    @Test
    void aShareThatRoundsToNoBucketLoadsNoCanaryOrShadow() throws Exception {
        Path store = TestModels.copyOf(models, dir);
        ModelRegistry registry = servingFirst(store);
        registry.promote("v-second", Stage.CANARY, "try second");
        registry.promote("v-third", Stage.SHADOW, "compare third");
        // 0.004 % is no bucket of 10,000: the cohort and the sampling would never use the versions.
        start(properties(store, 0.004, 0.004, 1));

        assertThat(scorer.version()).contains(first);
        assertThat(scorer.version(Role.CANARY)).isEmpty();
        assertThat(scorer.version(Role.SHADOW)).isEmpty();
    }

    @Test
    void theShadowScoresHandedOverRowsOnItsOwnThreadAndRecordsItsAgreement() throws Exception {
        Path store = TestModels.copyOf(models, dir);
        ModelRegistry registry = servingFirst(store);
        registry.promote("v-third", Stage.SHADOW, "compare third");
        RankingProperties properties = properties(store, 0, 100, 1);
        start(properties);
        ShadowScoring shadow = new ShadowScoring(scorer, properties, meters);
        try {
            assertThat(scorer.version(Role.SHADOW)).contains("v-third");
            assertThat(scorer.version(Role.CANARY)).as("canary-percent 0 loads no canary").isEmpty();
            assertThat(shadow.draws()).as("100 % of requests drawn").isTrue();

            // Served scores equal to the shadow's own: full agreement.
            float[] shadowsOwn = scorer.score(Role.SHADOW, TestRows.batch(40)).scores();
            shadow.submit(TestRows.batch(40), shadowsOwn);
            assertThat(Conditions.within(Duration.ofSeconds(20), () -> count("scored") == 1)).isTrue();
            assertThat(meters.get("streamrank.rollout.shadow.overlap").summary().max()).isEqualTo(1.0);

            // Served scores in reverse order of the shadow's: its top 10 are the served bottom 10.
            float[] reversed = new float[40];
            for (int i = 0; i < 40; i++) {
                reversed[i] = -shadowsOwn[i];
            }
            shadow.submit(TestRows.batch(40), reversed);
            assertThat(Conditions.within(Duration.ofSeconds(20), () -> count("scored") == 2)).isTrue();
            assertThat(meters.get("streamrank.rollout.shadow.overlap").summary().totalAmount()).isEqualTo(1.0);
            assertThat(meters.get("streamrank.rollout.shadow.latency").timer().count()).isEqualTo(2);

            // A queue of one: samples that find the thread busy and the queue full are dropped, never waited for.
            // Built first, so that the submits follow each other faster than the shadow thread scores 400 rows.
            List<ModelInputBatch> samples = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                samples.add(TestRows.batch(400));
            }
            for (ModelInputBatch rows : samples) {
                shadow.submit(rows, reversed);
            }
            // Had the submits waited for room, the last one would have returned only once the shadow thread had
            // scored 48 of these samples (it takes the next off the queue after scoring one): counted, not timed
            // against a clock (a 1 s bound here could fail on a loaded machine).
            assertThat(count("scored")).as("scored when the submits returned").isLessThan(2 + 48);
            assertThat(count("dropped")).isGreaterThan(0);
            assertThat(Conditions.within(Duration.ofSeconds(30), () -> count("scored") + count("dropped") == 52)).isTrue();
            assertThat(count("failed")).isZero();

            // The shadow's stage moves on: it is retired and no request is drawn any more.
            registry.promote("v-third", Stage.ARCHIVED, "seen enough");
            watcher.poll();
            assertThat(scorer.version(Role.SHADOW)).isEmpty();
            assertThat(shadow.draws()).isFalse();
            // A sample drawn just before, whose turn comes after: dropped, not a failure of the shadow version.
            double dropped = count("dropped");
            shadow.submit(TestRows.batch(40), reversed);
            assertThat(Conditions.within(Duration.ofSeconds(20), () -> count("dropped") == dropped + 1)).isTrue();
            assertThat(count("failed")).isZero();
        } finally {
            shadow.close();
        }
    }

    /** A registry over the store with the first version in production. */
    private static ModelRegistry servingFirst(Path store) {
        ModelRegistry registry = new ModelRegistry(new LocalDirectoryStore(store));
        registry.promote(first, Stage.PRODUCTION, "serving");
        return registry;
    }

    private double count(String outcome) {
        return meters.get("streamrank.rollout.shadow.requests").tag("outcome", outcome).counter().count();
    }

    private void start(RankingProperties properties) {
        scorer = ServingModels.scorer(properties, meters);
        watcher = ServingModels.watcher(properties, scorer, meters);
    }

    private static RankingProperties properties(Path store, double canaryPercent, double shadowPercent,
                                                int shadowQueue) {
        RankingProperties.Model model = new RankingProperties.Model(store.toString(), 1, 2000, "cpu",
                dir.resolve("cache-" + System.nanoTime()).toString(), Duration.ZERO, true, 0, 0, List.of());
        return new RankingProperties(null, null, model, new RankingProperties.Ranking(10, Duration.ofSeconds(10)),
                null, null, null, null, null, null, null,
                new RankingProperties.Rollout(canaryPercent, shadowPercent, shadowQueue));
    }
}
