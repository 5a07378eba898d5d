package io.streamrank.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamrank.contract.model.ItemCategories;
import io.streamrank.contract.model.ModelStore;
import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.Stage;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.TestModels;
import io.streamrank.ranking.TestRows;
import io.streamrank.registry.versions.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real models from the real trainer, loaded through DJL: the watcher picks up promotions, swaps under concurrent
 * scoring without one failed call, closes the old version after its in-flight calls, refuses a tampered version, and
 * tries again a version whose load failed for a passing reason.
 */
class ModelHotSwapIT {

    @TempDir
    static Path dir;

    private static Path models;
    private static String first;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ModelScorer scorer;
    private ModelWatcher watcher;

    @BeforeAll
    static void twoTrainedVersions() throws Exception {
        models = TestModels.train(dir);
        ModelRegistry registry = registry();
        first = registry.list().get(0).version();
        registry.promote(first, Stage.PRODUCTION, "first model");
        TestModels.trainSecondAndThird(dir);
    }

    private static ModelRegistry registry() {
        return new ModelRegistry(new LocalDirectoryStore(models));
    }

    private void start(Path store) {
        start(store, dir.resolve("cache-" + System.nanoTime()));
    }

    private void start(Path store, Path cache) {
        start(store, cache, 0);
    }

    private void start(Path store, Path cache, double canaryPercent) {
        RankingProperties properties = new RankingProperties(null, null, new RankingProperties.Model(
                store.toString(), 2, 2000, "cpu", cache.toString(), Duration.ZERO,
                true, 0, 0, List.of()), null, null, null, null, null, null, null, null,
                new RankingProperties.Rollout(canaryPercent, 0, 1));
        scorer = new ModelScorer(properties, meters);
        watcher = new ModelWatcher(properties, scorer, meters);
    }

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.stop();
        }
        if (scorer != null) {
            scorer.close();
        }
    }

    @Test
    void swapUnderConcurrentRequestsFailsNoRequestAndClosesTheOldVersionAfterwards() throws Exception {
        Path copy = TestModels.copyOf(models, dir);
        start(copy);
        assertThat(scorer.version()).contains(first);
        LoadedModel before = scorer.current();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch warm = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            pool.submit(() -> {
                while (running.get()) {
                    try {
                        String v = scorer.version().orElseThrow();
                        float[] s = scorer.score(TestRows.batch(40));
                        if (s.length != 40) {
                            errors.incrementAndGet();
                        }
                        seen.add(v);
                        calls.incrementAndGet();
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                    }
                    warm.countDown();
                }
            });
        }
        warm.await(30, TimeUnit.SECONDS);

        new ModelRegistry(new LocalDirectoryStore(copy)).promote("v-second", Stage.PRODUCTION, "better");
        watcher.poll();
        int atSwap = calls.get();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (calls.get() < atSwap + 200 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        running.set(false);
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(errors.get()).isZero();
        assertThat(calls.get()).isGreaterThan(atSwap + 100);
        assertThat(scorer.version()).contains("v-second");
        assertThat(seen).contains(first, "v-second");
        assertThat(before.isClosed()).isTrue();
        assertThat(meters.get("streamrank.model.swaps").counter().count()).isEqualTo(2.0);
    }

    @Test
    void aTamperedVersionIsRefusedAndTheServingVersionStays() throws Exception {
        Path copy = TestModels.copyOf(models, dir);
        ModelRegistry registry = new ModelRegistry(new LocalDirectoryStore(copy));
        registry.promote("v-second", Stage.PRODUCTION, "serve second");
        start(copy);
        assertThat(scorer.version()).contains("v-second");

        registry.promote("v-third", Stage.PRODUCTION, "try third");
        Path variables = Files.list(copy.resolve("v-third/model/variables"))
                .filter(f -> f.getFileName().toString().startsWith("variables.data")).findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(variables);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(variables, bytes);
        watcher.poll();
        watcher.poll();

        assertThat(scorer.version()).contains("v-second");
        assertThat(scorer.score(TestRows.batch(3))).hasSize(3);
        assertThat(meters.get("streamrank.model.load.failures").tag("reason", "checksum").counter().count())
                .isEqualTo(1.0);

        registry.rollback("third is corrupt");
        watcher.poll();
        assertThat(scorer.version()).contains("v-second");
    }

    @Test
    void aVersionThatFailedForAPassingReasonIsTriedAgainAtTheNextPoll() throws Exception {
        Path copy = TestModels.copyOf(models, dir);
        // A file where the version's local copy goes: the fetch fails as on a full or read-only disk, and the
        // version's artifacts are intact, so it must not be held back until its checksums change (ADR 76).
        Path cache = Files.createDirectory(dir.resolve("blocked-cache-" + System.nanoTime()),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))); // any umask
        Path blocked = cache.resolve(first);
        Files.writeString(blocked, "not a directory");
        start(copy, cache);
        assertThat(scorer.version()).isEmpty();
        double failed = meters.find("streamrank.model.load.failures").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        assertThat(failed).isEqualTo(1.0);

        Files.delete(blocked);
        watcher.poll();

        assertThat(scorer.version()).contains(first);
        assertThat(scorer.score(TestRows.batch(3))).hasSize(3);
    }

    @Test
    void rollbackIsPickedUpLikeAPromotion() throws Exception {
        Path copy = TestModels.copyOf(models, dir);
        ModelRegistry registry = new ModelRegistry(new LocalDirectoryStore(copy));
        registry.promote("v-third", Stage.PRODUCTION, "third");
        Path cache = dir.resolve("cache-" + System.nanoTime());
        start(copy, cache);
        assertThat(scorer.version()).contains("v-third");

        registry.rollback("third regressed");
        watcher.poll();

        assertThat(scorer.version()).contains(first);
        // The pruning that follows each poll keeps the served version's copy (and, here, the one it replaced).
        try (var copies = Files.list(cache)) {
            assertThat(copies.map(p -> p.getFileName().toString())).contains(first, "v-third");
        }
    }

    @Test
    void aPromotedCanaryIsServedAsItIsAlreadyLoadedNotLoadedAThirdTime() throws Exception {
        Path copy = TestModels.copyOf(models, dir);
        ModelRegistry registry = new ModelRegistry(new LocalDirectoryStore(copy));
        registry.promote("v-second", Stage.CANARY, "try second");
        start(copy, dir.resolve("cache-" + System.nanoTime()), 30);
        LoadedModel canary = scorer.loaded(Role.CANARY);
        LoadedModel oldServing = scorer.current();
        assertThat(canary.version()).isEqualTo("v-second");

        registry.promote("v-second", Stage.PRODUCTION, "canary went well");
        watcher.poll();

        // Loading it again would hold three versions at once (the old one, the canary, the copy): a GPU sized for two
        // would fail the promotion.
        assertThat(scorer.current()).as("the canary's own copy serves").isSameAs(canary);
        assertThat(scorer.loaded(Role.CANARY)).isNull();
        assertThat(canary.isClosed()).isFalse();
        assertThat(oldServing.isClosed()).isTrue();
        assertThat(scorer.score(Role.SERVING, TestRows.batch(5)).version()).isEqualTo("v-second");
    }

    @Test
    void aCanaryPromotedAsShutdownBeginsClosesOnlyOnceItsCallsInFlightAreDone() throws Exception {
        Path copy = TestModels.copyOf(models, dir);
        new ModelRegistry(new LocalDirectoryStore(copy)).promote("v-second", Stage.CANARY, "try second");
        start(copy, dir.resolve("cache-" + System.nanoTime()), 30);
        // The watcher's promotion took the canary out of its role before the context closed the scorer, and a call
        // (the shadow thread's, which shutdown does not wait for) still holds it.
        LoadedModel canary = scorer.take(Role.CANARY, "v-second").orElseThrow();
        assertThat(canary.acquire()).isTrue();

        scorer.close();
        scorer.swap(Role.SERVING, canary);

        assertThat(canary.isClosed()).as("its call still runs on its predictors").isFalse();
        canary.release();
        assertThat(canary.isClosed()).isTrue();
        assertThat(scorer.version()).isEmpty();
    }

    @Test
    void aPromotionWhoseSwapThrowsAnErrorIsCountedAndTheNextPollStillRuns() throws Exception {
        Path copy = TestModels.copyOf(models, dir);
        ModelRegistry registry = new ModelRegistry(new LocalDirectoryStore(copy));
        registry.promote("v-second", Stage.CANARY, "try second");
        start(copy, dir.resolve("cache-" + System.nanoTime()), 30);
        scorer.onSwap(() -> {
            throw new AssertionError("a swap listener broke");
        });

        registry.promote("v-second", Stage.PRODUCTION, "canary went well");
        // An Error out of poll() would cancel the watcher's schedule silently: no swap or rollback ever again.
        assertThatCode(watcher::poll).doesNotThrowAnyException();

        assertThat(meters.get("streamrank.model.load.failures").tag("reason", "error").counter().count())
                .isEqualTo(1.0);
        assertThat(scorer.version()).as("the swap itself stands").contains("v-second");
        registry.rollback("second regressed");
        assertThatCode(watcher::poll).doesNotThrowAnyException();
        assertThat(scorer.version()).contains(first);
    }

    @Test
    void theItemCategoriesOfTheServingVersionSwapWithItAndAVersionWithoutThemHasNone() throws Exception {
        Path copy = TestModels.copyOf(models, dir);
        ModelStore store = new ModelStore(copy);
        // v-second as exported before ADR 82: no item_categories.bin, and checksums that do not list it.
        Files.delete(store.itemCategoriesFile("v-second"));
        TestModels.resign(store.versionDir("v-second"));
        start(copy);
        ItemCategories exported = ItemCategories.read(store.itemCategoriesFile(first));

        ItemCategories served = scorer.itemCategories();
        assertThat(served).as("held by the serving version itself").isSameAs(scorer.current().itemCategories());
        assertThat(served.count()).isPositive().isEqualTo(exported.count());
        assertThat(served.category(exported.id(0))).isEqualTo(exported.categoryAt(0));

        new ModelRegistry(new LocalDirectoryStore(copy)).promote("v-second", Stage.PRODUCTION, "older exporter");
        watcher.poll();

        assertThat(scorer.version()).contains("v-second");
        assertThat(scorer.itemCategories()).isSameAs(ItemCategories.NONE);
        assertThat(scorer.itemCategories().category(exported.id(0))).isZero();
    }

    @Test
    void aVersionWhoseLoadEndsAfterShutdownBeganIsClosedNotServed() throws Exception {
        Path copy = TestModels.copyOf(models, dir);
        start(copy);
        LoadedModel late = scorer.load(new ModelStore(copy).versionDir(first));

        scorer.close(); // the watcher's thread was still loading when the context closed the scorer
        scorer.swap(Role.SERVING, late);

        assertThat(late.isClosed()).as("its session and predictors freed").isTrue();
        assertThat(scorer.version()).isEmpty();
    }

    @Test
    void aSwapThatLosesToShutdownBetweenItsLookAndItsSetIsClosedAndShowsNothing() throws Exception {
        Path copy = TestModels.copyOf(models, dir);
        start(copy);
        LoadedModel served = scorer.current();
        LoadedModel late = scorer.load(new ModelStore(copy).versionDir("v-second"));
        AtomicInteger listened = new AtomicInteger();
        scorer.onSwap(listened::incrementAndGet);

        // swap() looked before shutdown began; close() then emptied the slots before swap's set.
        scorer.close();
        scorer.swapIn(Role.SERVING, late);

        assertThat(late.isClosed()).as("its session and predictors freed").isTrue();
        assertThat(served.isClosed()).isTrue();
        assertThat(scorer.version()).isEmpty();
        assertThat(meters.find("streamrank.model.loaded").tag("version", "v-second").gauge())
                .as("a gauge for a version that never served").isNull();
        assertThat(listened).as("swap listeners run").hasValue(0);
        assertThat(meters.get("streamrank.model.swaps").counter().count()).as("only the first version's swap")
                .isEqualTo(1.0);
    }
}
