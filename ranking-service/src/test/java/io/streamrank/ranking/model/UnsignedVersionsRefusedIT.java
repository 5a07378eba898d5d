package io.streamrank.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamrank.contract.registry.Checksums;
import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.SigningKeys;
import io.streamrank.contract.registry.Stage;
import io.streamrank.contract.registry.VersionSigner;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.TestModels;
import io.streamrank.ranking.TestRows;
import io.streamrank.registry.versions.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A service given public keys ({@code streamrank.model.verify-keys}, ADR 79) with real trained versions loaded through
 * DJL: it serves a signed version, refuses an unsigned one or one signed with another key (counted as
 * {@code reason="signature"}, the previous version serving on), loads a refused version at the poll after
 * {@code registry sign} wrote its signature, and refuses unsigned versions whatever way they would come in: a local
 * copy cached before signatures were required, a canary promoted to production.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnsignedVersionsRefusedIT {

    @TempDir
    static Path dir;

    /** Three unsigned versions; {@link #first} in production. */
    private static Path models;
    private static String first;
    private static KeyPair key;
    private static Path verifyKey;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ModelScorer scorer;
    private ModelWatcher watcher;

    @BeforeAll
    static void threeUnsignedVersionsAndAKeyPair() throws Exception {
        models = TestModels.train(dir);
        ModelRegistry registry = new ModelRegistry(new LocalDirectoryStore(models));
        first = registry.list().get(0).version();
        registry.promote(first, Stage.PRODUCTION, "first model");
        TestModels.trainSecondAndThird(dir);
        key = SigningKeys.generate();
        verifyKey = Files.writeString(dir.resolve("verify-key.pem"), SigningKeys.publicKeyPem(key.getPublic()));
    }

    /** What {@code registry sign} writes: the signature over the checksums file's exact bytes (ADR 79). */
    private static void sign(Path store, String version, KeyPair by) throws Exception {
        byte[] sums = Files.readAllBytes(store.resolve(version).resolve(Checksums.FILE_NAME));
        Files.write(store.resolve(version).resolve(Checksums.SIGNATURE_FILE_NAME),
                new VersionSigner(by.getPrivate()).signatureFile(sums));
    }

    private void start(Path store, Path cache, double canaryPercent, List<String> verifyKeys) {
        RankingProperties properties = new RankingProperties(null, null, new RankingProperties.Model(
                store.toString(), 2, 2000, "cpu", cache.toString(), Duration.ZERO, true, 0, 0, verifyKeys),
                null, null, null, null, null, null, null, null, new RankingProperties.Rollout(canaryPercent, 0, 1));
        scorer = new ModelScorer(properties, meters);
        watcher = new ModelWatcher(properties, scorer, meters);
    }

    /** A service requiring signatures with {@link #verifyKey}, its own cache, no canary. */
    private void startRequiringSignatures(Path store) {
        start(store, dir.resolve("cache-" + System.nanoTime()), 0, List.of(verifyKey.toString()));
    }

    private void stop() {
        if (watcher != null) {
            watcher.stop();
        }
        if (scorer != null) {
            scorer.close();
        }
        watcher = null;
        scorer = null;
    }

    @AfterEach
    void tearDown() {
        stop();
    }

    private double failures(String reason) {
        Counter c = meters.find("streamrank.model.load.failures").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    private double allFailures() {
        return meters.find("streamrank.model.load.failures").counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void aServiceRequiringSignaturesServesASignedVersion(CapturedOutput output) throws Exception {
        Path store = TestModels.copyOf(models, dir);
        sign(store, first, key);

        startRequiringSignatures(store);

        assertThat(scorer.version()).contains(first);
        assertThat(scorer.score(TestRows.batch(5))).hasSize(5);
        assertThat(allFailures()).isZero();
        assertThat(output).contains("model versions must be signed with "
                + SigningKeys.fingerprint(key.getPublic()));
    }

    @Test
    void anUnsignedProductionVersionIsRefusedOnceCountedAsSignatureAndThePreviousVersionServesOn(
            CapturedOutput output) throws Exception {
        Path store = TestModels.copyOf(models, dir);
        sign(store, first, key);
        startRequiringSignatures(store);

        new ModelRegistry(new LocalDirectoryStore(store)).promote("v-second", Stage.PRODUCTION, "unsigned");
        watcher.poll();
        watcher.poll();
        watcher.poll();

        assertThat(scorer.version()).contains(first);
        assertThat(scorer.score(TestRows.batch(3))).hasSize(3);
        assertThat(failures("signature")).as("refused once, not fetched again at every poll").isEqualTo(1.0);
        assertThat(failures("checksum")).isZero();
        assertThat(output).contains("model v-second not loaded as the serving version (signature)",
                "it is not signed", "still serving " + first,
                "not tried again until its checksums or signature file changes");
    }

    @Test
    void aRefusedVersionIsLoadedAtThePollAfterItIsSigned() throws Exception {
        Path store = TestModels.copyOf(models, dir);
        sign(store, first, key);
        startRequiringSignatures(store);
        new ModelRegistry(new LocalDirectoryStore(store)).promote("v-second", Stage.PRODUCTION, "unsigned");
        watcher.poll();
        watcher.poll();
        assertThat(scorer.version()).contains(first);

        // `registry sign v-second`: the signature file appears, the checksums file stays as it was.
        sign(store, "v-second", key);
        watcher.poll();

        assertThat(scorer.version()).contains("v-second");
        assertThat(scorer.score(TestRows.batch(3))).hasSize(3);
        assertThat(failures("signature")).isEqualTo(1.0);
    }

    @Test
    void aVersionSignedWithAnotherKeyIsRefused(CapturedOutput output) throws Exception {
        Path store = TestModels.copyOf(models, dir);
        sign(store, first, key);
        sign(store, "v-third", SigningKeys.generate());
        startRequiringSignatures(store);

        new ModelRegistry(new LocalDirectoryStore(store)).promote("v-third", Stage.PRODUCTION, "someone else's key");
        watcher.poll();
        watcher.poll();

        assertThat(scorer.version()).contains(first);
        assertThat(failures("signature")).isEqualTo(1.0);
        assertThat(output).contains("model v-third not loaded as the serving version (signature)",
                "its signature does not verify");
    }

    @Test
    void aCopyCachedBeforeSignaturesWereRequiredIsNotServedUnsigned() throws Exception {
        Path store = TestModels.copyOf(models, dir);
        Path cache = dir.resolve("shared-cache-" + System.nanoTime());
        start(store, cache, 0, List.of());
        assertThat(scorer.version()).as("served unsigned while no key was given").contains(first);
        stop();
        assertThat(cache.resolve(first)).isDirectory();

        // The same pod restarted with the key: its cached copy of the unsigned version is still on disk.
        start(store, cache, 0, List.of(verifyKey.toString()));

        assertThat(scorer.version()).isEmpty();
        assertThat(failures("signature")).isEqualTo(1.0);
    }

    @Test
    void anUnsignedCanaryIsNotLoadedSoItsPromotionCannotBringItInEither() throws Exception {
        Path store = TestModels.copyOf(models, dir);
        sign(store, first, key);
        ModelRegistry registry = new ModelRegistry(new LocalDirectoryStore(store));
        registry.promote("v-second", Stage.CANARY, "unsigned canary");
        start(store, dir.resolve("cache-" + System.nanoTime()), 30, List.of(verifyKey.toString()));
        assertThat(scorer.version()).contains(first);
        assertThat(scorer.version(Role.CANARY)).isEmpty();
        assertThat(failures("signature")).isEqualTo(1.0);

        registry.promote("v-second", Stage.PRODUCTION, "promoted anyway");
        watcher.poll();

        assertThat(scorer.version()).contains(first);
        assertThat(failures("signature")).as("refused again in the serving role").isEqualTo(2.0);
    }
}
