package io.streamrank.registry.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.contract.registry.Checksums;
import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.contract.registry.ObjectStore;
import io.streamrank.contract.registry.Stage;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

    @TempDir
    Path dir;

    /** Every read is one second later, so that the stage transitions are strictly ordered. */
    private final Clock clock = new TickingClock();

    private ModelRegistry registry() {
        return new ModelRegistry(new LocalDirectoryStore(dir.resolve("store")), clock);
    }

    @Test
    void publishedVersionIsACandidateWithItsChecksums() throws IOException {
        ModelRegistry r = registry();

        VersionInfo v = r.publish(export("v1"), Stage.CANDIDATE, "test");

        assertThat(v.stage()).isEqualTo("candidate");
        assertThat(v.checksums()).containsKeys("metadata.json", "model/saved_model.pb");
        assertThat(r.list()).extracting(VersionInfo::version).containsExactly("v1");
    }

    @Test
    void versionsAreImmutable() throws IOException {
        ModelRegistry r = registry();
        r.publish(export("v1"), Stage.CANDIDATE, "test");

        assertThatThrownBy(() -> r.publish(export("v1"), Stage.CANDIDATE, "again"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("immutable")
                .extracting(e -> ((RegistryException) e).kind()).isEqualTo(RegistryException.Kind.CONFLICT);
    }

    @Test
    void promotingToProductionArchivesThePreviousProductionVersion() throws IOException {
        ModelRegistry r = registry();
        r.publish(export("v1"), Stage.PRODUCTION, "first");
        r.publish(export("v2"), Stage.CANDIDATE, "second");

        r.promote("v2", Stage.PRODUCTION, "better");

        assertThat(r.get("v2").stage()).isEqualTo("production");
        assertThat(r.get("v1").stage()).isEqualTo("archived");
        assertThat(r.repository().servingVersion(true)).contains("v2");
    }

    @Test
    void aPromotionWhoseSecondWriteFailsStillLeavesTheNewVersionInProduction() throws IOException {
        // The store refuses the write that archives v1: between the promotion's two writes a reader sees the same.
        AtomicBoolean refuse = new AtomicBoolean();
        ModelRegistry r = new ModelRegistry(storeThat((method, args) -> {
            if (refuse.get() && method.equals("write") && args[0].equals(ModelRepository.stageKey("v1"))) {
                throw new IOException("store unreachable");
            }
        }), clock);
        r.publish(export("v1"), Stage.PRODUCTION, "first");
        r.publish(export("v2"), Stage.CANDIDATE, "second");
        r.publish(export("v3"), Stage.CANDIDATE, "newest, not promoted");

        refuse.set(true);
        assertThatThrownBy(() -> r.promote("v2", Stage.PRODUCTION, "better"))
                .hasMessageContaining("store unreachable");

        // Never no production version, which would make a service without require-production serve v3.
        assertThat(r.repository().servingVersion(false)).contains("v2");
    }

    @Test
    void aReplacedCanaryOrShadowIsArchivedAndDoesNotComeBackWhenItsReplacementLeaves() throws IOException {
        ModelRegistry r = registry();
        r.publish(export("v1"), Stage.PRODUCTION, "serving");
        for (Stage stage : new Stage[] {Stage.CANARY, Stage.SHADOW}) {
            String old = stage.wireName() + "-old";
            String next = stage.wireName() + "-next";
            r.publish(export(old), stage, "try");
            r.publish(export(next), Stage.CANDIDATE, "second");

            r.promote(next, stage, "try this one instead");
            assertThat(r.get(old).stage()).isEqualTo("archived");

            r.promote(next, Stage.ARCHIVED, "seen enough");
            // What the service follows: no canary (shadow) at all, not the one replaced before.
            var followed = r.repository().followed(true);
            assertThat(stage == Stage.CANARY ? followed.canary() : followed.shadow()).as(stage.wireName()).isEmpty();
        }
        assertThat(r.get("v1").stage()).isEqualTo("production");
    }

    @Test
    void aPromotionWhoseSecondWriteFailedIsFinishedByPromotingAgainOrUndoneByARollback() throws IOException {
        AtomicBoolean refuse = new AtomicBoolean();
        ModelRegistry r = new ModelRegistry(storeThat((method, args) -> {
            if (refuse.get() && method.equals("write") && args[0].equals(ModelRepository.stageKey("v1"))) {
                throw new IOException("store unreachable");
            }
        }), clock);
        r.publish(export("v0"), Stage.PRODUCTION, "oldest");
        r.publish(export("v1"), Stage.PRODUCTION, "serving");
        r.publish(export("v2"), Stage.CANDIDATE, "next");
        refuse.set(true);
        assertThatThrownBy(() -> r.promote("v2", Stage.PRODUCTION, "better")).hasMessageContaining("unreachable");
        refuse.set(false);
        assertThat(r.get("v1").stage()).as("left in production by the failed write").isEqualTo("production");

        // A rollback goes back to the version the failed promotion replaced, not to the one before it.
        assertThat(r.rollback("v2 regressed").version()).isEqualTo("v1");
        assertThat(r.get("v2").stage()).isEqualTo("archived");
        assertThat(r.get("v0").stage()).isEqualTo("archived");

        // Or the same promotion again finishes it, where it had been refused as "already production".
        refuse.set(true);
        assertThatThrownBy(() -> r.promote("v2", Stage.PRODUCTION, "again")).hasMessageContaining("unreachable");
        refuse.set(false);
        assertThat(r.promote("v2", Stage.PRODUCTION, "again").stage()).isEqualTo("production");
        assertThat(r.get("v1").stage()).isEqualTo("archived");
        assertThatThrownBy(() -> r.promote("v2", Stage.PRODUCTION, "once more"))
                .extracting(e -> ((RegistryException) e).kind()).isEqualTo(RegistryException.Kind.CONFLICT);
    }

    @Test
    void aRollbackWhoseSecondWriteFailedIsFinishedWhenRunAgainNotUndone() throws IOException {
        AtomicBoolean refuse = new AtomicBoolean();
        ModelRegistry r = new ModelRegistry(storeThat((method, args) -> {
            if (refuse.get() && method.equals("write") && args[0].equals(ModelRepository.stageKey("v2"))) {
                throw new IOException("store unreachable");
            }
        }), clock);
        r.publish(export("v1"), Stage.PRODUCTION, "first");
        r.publish(export("v2"), Stage.PRODUCTION, "second, regressed");
        refuse.set(true);
        assertThatThrownBy(() -> r.rollback("v2 regressed")).hasMessageContaining("unreachable");
        refuse.set(false);
        assertThat(r.get("v2").stage()).as("left in production by the failed write").isEqualTo("production");

        // Run again: v2 archived, v1 serving, not the other way round.
        assertThat(r.rollback("v2 regressed").version()).isEqualTo("v1");
        assertThat(r.get("v2").stage()).isEqualTo("archived");
        assertThat(r.repository().servingVersion(true)).contains("v1");
    }

    @Test
    void readsDoNotWaitBehindAPromotionVerifyingItsArtifacts() throws Exception {
        // The store holds every artifact read of the promotion's verification until the test lets it go.
        CountDownLatch verifying = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ModelRegistry r = new ModelRegistry(storeThat((method, args) -> {
            if (method.equals("open")) {
                verifying.countDown();
                release.await(30, TimeUnit.SECONDS);
            }
        }), clock);
        r.publish(export("v1"), Stage.CANDIDATE, "first");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<VersionInfo> promotion = pool.submit(() -> r.promote("v1", Stage.PRODUCTION, "go"));
            assertThat(verifying.await(30, TimeUnit.SECONDS)).isTrue();

            // What readiness and a metrics scrape read, while the promotion holds the registry's writes: answered
            // within seconds, not once the promotion is done.
            assertThat(CompletableFuture.supplyAsync(r::stageCounts).get(5, TimeUnit.SECONDS))
                    .containsEntry(Stage.CANDIDATE, 1);
            assertThat(CompletableFuture.supplyAsync(r::list).get(5, TimeUnit.SECONDS))
                    .extracting(VersionInfo::version).containsExactly("v1");

            release.countDown();
            assertThat(promotion.get(30, TimeUnit.SECONDS).stage()).isEqualTo("production");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void rollbackRestoresThePreviousProductionVersion() throws IOException {
        ModelRegistry r = registry();
        r.publish(export("v1"), Stage.PRODUCTION, "first");
        r.publish(export("v2"), Stage.PRODUCTION, "second");
        r.publish(export("v3"), Stage.PRODUCTION, "third");

        VersionInfo back = r.rollback("v3 regressed");

        assertThat(back.version()).isEqualTo("v2");
        assertThat(r.get("v3").stage()).isEqualTo("archived");
        assertThat(r.get("v3").stages().history()).last()
                .satisfies(t -> assertThat(t.reason()).contains("v3 regressed"));
        assertThat(r.rollback("again").version()).isEqualTo("v3");
    }

    @Test
    void rollbackWithoutAnEarlierProductionVersionIsAConflict() throws IOException {
        ModelRegistry r = registry();
        r.publish(export("v1"), Stage.PRODUCTION, "only");

        assertThatThrownBy(() -> r.rollback("nothing before"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("no earlier production version");
    }

    @Test
    void aVersionWhoseArtifactChangedIsRefusedForPromotionAndRollback() throws IOException {
        ModelRegistry r = registry();
        r.publish(export("v1"), Stage.PRODUCTION, "first");
        r.publish(export("v2"), Stage.PRODUCTION, "second");
        Files.writeString(dir.resolve("store/v1/model/saved_model.pb"), "tampered");

        assertThatThrownBy(() -> r.rollback("try"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("checksum mismatch")
                .hasMessageContaining("model/saved_model.pb")
                .extracting(e -> ((RegistryException) e).kind())
                .isEqualTo(RegistryException.Kind.CHECKSUM_MISMATCH);
        assertThat(r.get("v2").stage()).isEqualTo("production");
        assertThatThrownBy(() -> r.promote("v1", Stage.SHADOW, "x")).isInstanceOf(RegistryException.class);
        // Taking a broken version out of the way needs no verification.
        assertThat(r.promote("v1", Stage.CANDIDATE, "broken").stage()).isEqualTo("candidate");
    }

    @Test
    void publishingACorruptExportUploadsNothing() throws IOException {
        Path v1 = export("v1");
        Files.writeString(v1.resolve("metadata.json"), "{\"changed\":true}");

        assertThatThrownBy(() -> registry().publish(v1, Stage.CANDIDATE, "x"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("checksum mismatch");
        assertThat(new ModelRepository(new LocalDirectoryStore(dir.resolve("store"))).versions()).isEmpty();
    }

    @Test
    void aPublishThatFailedHalfwayCanBeRetriedUnderTheSameName() throws IOException {
        // The store goes away after the first artifact: the version's folder holds one file and no checksums.
        AtomicBoolean failed = new AtomicBoolean();
        ModelRegistry r = new ModelRegistry(storeThat((method, args) -> {
            if (method.equals("upload") && args[1].equals(ModelRepository.key("v1", "model/saved_model.pb"))
                    && failed.compareAndSet(false, true)) {
                throw new IOException("store unreachable");
            }
        }), clock);
        Path v1 = export("v1");
        assertThatThrownBy(() -> r.publish(v1, Stage.CANDIDATE, "first try")).hasMessageContaining("unreachable");
        assertThat(r.list()).isEmpty();

        // Without its checksums file the upload was never a version (no reader sees it), so the name is not taken.
        VersionInfo retried = r.publish(v1, Stage.CANDIDATE, "retry");

        assertThat(retried.stage()).isEqualTo("candidate");
        assertThat(r.repository().verify("v1").files()).containsKeys("metadata.json", "model/saved_model.pb");
        assertThatThrownBy(() -> r.publish(export("v1"), Stage.CANDIDATE, "again"))
                .hasMessageContaining("immutable");
    }

    @Test
    void aVersionIsNotPublishedStraightIntoTheArchive() throws IOException {
        Path v1 = export("v1");

        assertThatThrownBy(() -> registry().publish(v1, Stage.ARCHIVED, "x"))
                .extracting(e -> ((RegistryException) e).kind()).isEqualTo(RegistryException.Kind.INVALID);
        assertThat(new ModelRepository(new LocalDirectoryStore(dir.resolve("store"))).versions()).isEmpty();
    }

    @Test
    void unknownVersionsAndBadNamesAreReported() {
        ModelRegistry r = registry();

        assertThatThrownBy(() -> r.get("v9")).extracting(e -> ((RegistryException) e).kind())
                .isEqualTo(RegistryException.Kind.NOT_FOUND);
        assertThatThrownBy(() -> r.promote("../x", Stage.PRODUCTION, "x"))
                .extracting(e -> ((RegistryException) e).kind()).isEqualTo(RegistryException.Kind.INVALID);
    }

    /** What the store does before each call, by method name: throw, or hold the call. */
    private interface BeforeCall {
        void run(String method, Object[] args) throws Exception;
    }

    /** The test's local store, with {@code before} run ahead of every call. */
    private ObjectStore storeThat(BeforeCall before) {
        ObjectStore real = new LocalDirectoryStore(dir.resolve("store"));
        return (ObjectStore) Proxy.newProxyInstance(ObjectStore.class.getClassLoader(),
                new Class<?>[] {ObjectStore.class}, (proxy, method, args) -> {
                    before.run(method.getName(), args);
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A fake exported version directory (the registry never looks inside the SavedModel). */
    private Path export(String version) throws IOException {
        Path v = dir.resolve("exports").resolve(version + "-" + System.nanoTime()).resolve(version);
        Files.createDirectories(v.resolve("model"));
        Files.writeString(v.resolve("model/saved_model.pb"), "graph of " + version);
        Files.writeString(v.resolve("metadata.json"), "{\"version\":\"" + version + "\"}");
        Files.write(v.resolve(Checksums.FILE_NAME), Checksums.of(v).bytes());
        return v;
    }
}
