package io.streamrank.registry.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.contract.registry.Checksums;
import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.contract.registry.Stage;
import io.streamrank.contract.registry.SigningKeys;
import io.streamrank.contract.registry.StageRecord;
import io.streamrank.contract.registry.VersionSigner;
import io.streamrank.contract.registry.VersionVerifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code registry prune} (ADR 77): what it keeps, what it deletes, and in which order. */
class VersionPrunerTest {

    @TempDir
    Path dir;

    private final KeyPair key = SigningKeys.generate();

    /** Every read is one second later, so that the stage transitions are strictly ordered. */
    private final Clock clock = new TickingClock();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void keepsProductionCanaryShadowTheRollbackTargetAndTheNewestAndDeletesTheRest() throws IOException {
        Path store = everyKindOfVersion();

        assertThat(cli("prune", "--keep", "2", "--store", store.toString())).as(err()).isZero();

        assertThat(out()).isEqualTo(lines(
                "keep\tv8\tcandidate\tone of the 2 newest",
                "keep\tv7\tcandidate\tone of the 2 newest",
                "keep\tv6\tcanary\tin canary",
                "keep\tv5\tproduction\tin production",
                "delete\tv4\tarchived",
                "keep\tv3\tshadow\tin shadow",
                "keep\tv2\tarchived\trollback restores it",
                "delete\tv1\tarchived",
                "deleted 2 of 8 versions, kept 6 (--keep 2)"));
        assertThat(repository(store).versions()).containsExactly("v2", "v3", "v5", "v6", "v7", "v8");
        // Nothing of the deleted versions is left: no folder, no stage record.
        assertThat(store.resolve("v1")).doesNotExist();
        assertThat(store.resolve("v4")).doesNotExist();
        assertThat(store.resolve(ModelRepository.stageKey("v1"))).doesNotExist();
        assertThat(store.resolve(ModelRepository.stageKey("v4"))).doesNotExist();
        assertThat(repository(store).verify("v2").files()).containsKey("model/saved_model.pb");
    }

    @Test
    void aDryRunPrintsWhatWouldGoAndDeletesNothing() throws IOException {
        Path store = everyKindOfVersion();
        List<String> before = files(store);

        assertThat(cli("prune", "--keep", "2", "--dry-run", "true", "--store", store.toString())).isZero();

        assertThat(out()).contains("would delete\tv4\tarchived", "would delete\tv1\tarchived",
                "keep\tv2\tarchived\trollback restores it",
                "dry run: would delete 2 of 8 versions, keep 6 (--keep 2); nothing was deleted");
        assertThat(files(store)).isEqualTo(before);
    }

    @Test
    void theDefaultKeepsTheTenNewest() throws IOException {
        Path store = dir.resolve("store");
        for (int i = 10; i <= 21; i++) {
            StoredVersions.upload(store, "v" + i);
        }

        assertThat(cli("prune", "--store", store.toString())).isZero();

        assertThat(repository(store).versions()).hasSize(10).first().isEqualTo("v12");
    }

    @Test
    void aRollbackAfterAPruneStillRestoresThePreviousProductionVersion() throws IOException {
        Path store = dir.resolve("store");
        ModelRegistry registry = registry(store);
        for (String v : List.of("v1", "v2", "v3", "v4", "v5", "v6")) {
            StoredVersions.upload(store, v);
            registry.register(v, "test");
        }
        registry.promote("v1", Stage.PRODUCTION, "first");
        registry.promote("v2", Stage.PRODUCTION, "second");
        registry.promote("v3", Stage.PRODUCTION, "third");

        assertThat(pruner(store, new ArrayList<>()).prune(1, false).deleted()).containsExactly("v5", "v4", "v1");

        assertThat(registry.rollback("regression").version()).isEqualTo("v2");
        assertThat(registry.get("v3").stage()).isEqualTo("archived");
        assertThat(pruner(store, new ArrayList<>()).prune(1, false).deleted()).isEmpty();
        assertThat(registry.rollback("undo").version()).isEqualTo("v3");
    }

    @Test
    void withoutAProductionVersionTheVersionServicesFallBackToIsKept() throws IOException {
        Path store = dir.resolve("store");
        ModelRegistry registry = registry(store);
        for (String v : List.of("v1", "v2", "v3")) {
            StoredVersions.upload(store, v);
            registry.register(v, "test");
        }
        registry.promote("v3", Stage.ARCHIVED, "withdrawn");
        Optional<String> served = registry.repository().servingVersion(false);

        VersionPruner.Result r = pruner(store, new ArrayList<>()).prune(1, false);

        assertThat(r.deleted()).containsExactly("v1");
        assertThat(registry.repository().servingVersion(false)).isEqualTo(served).contains("v2");
    }

    @Test
    void aReaderMidPollNeverSeesAPrunedVersionCompleteWithFilesMissing() throws IOException {
        Path store = everyKindOfVersion();
        ModelRepository reader = repository(store);
        Optional<String> serving = reader.servingVersion(false);
        List<String> deletedKeys = new ArrayList<>();
        ObjectDeleter local = StoreLocations.openDeletable(store.toString()).deleter();
        // Before and after every single delete, a reader's poll: each version it lists as complete has all its
        // files and still has its stage record, and the version served does not change.
        ObjectDeleter watched = key -> {
            aReaderSeesOnlyWholeVersions(reader, serving);
            local.delete(key);
            deletedKeys.add(key);
            aReaderSeesOnlyWholeVersions(reader, serving);
        };

        new VersionPruner(reader, watched, line -> { }).prune(2, false);

        assertThat(deletedKeys).containsExactly("v4/checksums.sha256", "v4/checksums.sha256.sig", "v4/metadata.json",
                "v4/model/saved_model.pb", "_stages/v4.json", "v1/checksums.sha256", "v1/checksums.sha256.sig",
                "v1/metadata.json", "v1/model/saved_model.pb", "_stages/v1.json");
    }

    @Test
    void aReaderRequiringSignaturesNeverSeesAPrunedVersionCompleteButUnsigned() throws IOException {
        Path store = everyKindOfVersion();
        VersionSigner signer = new VersionSigner(key.getPrivate());
        VersionSigning signing = new VersionSigning(repository(store));
        for (int i = 1; i <= 8; i++) {
            signing.sign("v" + i, signer, false);
        }
        ModelRepository reader = new ModelRepository(new LocalDirectoryStore(store),
                VersionVerifier.of(key.getPublic()));
        ObjectDeleter local = StoreLocations.openDeletable(store.toString()).deleter();
        List<String> deletedKeys = new ArrayList<>();
        // After every single delete, each version the reader lists as complete is signed and whole: the checksums
        // file goes before the signature. (Deleting the signature first would show v4 complete and unsigned.)
        ObjectDeleter watched = key -> {
            local.delete(key);
            deletedKeys.add(key);
            for (String v : reader.versions()) {
                assertThat(reader.verify(v).files()).as(v + " after deleting " + key).containsKey("metadata.json");
            }
        };

        new VersionPruner(repository(store), watched, line -> { }).prune(2, false);

        assertThat(deletedKeys).startsWith("v4/checksums.sha256", "v4/checksums.sha256.sig")
                .contains("_stages/v1.json");
        assertThat(store.resolve("v4")).doesNotExist();
        assertThat(reader.versions()).containsExactly("v2", "v3", "v5", "v6", "v7", "v8");
    }

    @Test
    void aPruneStoppedHalfwayLeavesNoVersionAndTheNextOneFinishesIt() throws IOException {
        Path store = everyKindOfVersion();
        // A prune whose store goes away after the first file of v4, its checksums file.
        ObjectDeleter local = StoreLocations.openDeletable(store.toString()).deleter();
        List<String> deletedKeys = new ArrayList<>();
        ObjectDeleter failing = key -> {
            if (!deletedKeys.isEmpty()) {
                throw new IOException("store unreachable");
            }
            local.delete(key);
            deletedKeys.add(key);
        };
        assertThatThrownBy(() -> new VersionPruner(repository(store), failing, line -> { }).prune(2, false))
                .hasMessageContaining("unreachable");
        assertThat(repository(store).versions()).doesNotContain("v4").contains("v1");
        // A publish that failed halfway: files without checksums and without a stage record. Not a prune's to delete.
        Files.createDirectories(store.resolve("v0/model"));
        Files.writeString(store.resolve("v0/model/saved_model.pb"), "half uploaded");

        assertThat(cli("prune", "--keep", "2", "--store", store.toString())).as(err()).isZero();

        assertThat(out()).contains("delete\tv1\tarchived", "delete\tv4\tarchived\tthe rest of an interrupted prune",
                "deleted 1 of 7 versions, kept 6 (--keep 2); finished 1 deletion(s) an earlier prune left halfway");
        assertThat(store.resolve("v4")).doesNotExist();
        assertThat(store.resolve(ModelRepository.stageKey("v4"))).doesNotExist();
        assertThat(store.resolve("v0/model/saved_model.pb")).exists();
    }

    @Test
    void aVersionWhoseStageChangesWhileThePruneRunsIsKept() throws IOException {
        Path store = everyKindOfVersion();
        ModelRegistry registry = registry(store);
        ObjectDeleter local = StoreLocations.openDeletable(store.toString()).deleter();
        // Another writer puts v1 into shadow while the prune deletes v4 (the plan had v1 archived, to go).
        ObjectDeleter racing = key -> {
            if (key.equals("_stages/v4.json")) {
                registry.promote("v1", Stage.SHADOW, "compare again");
            }
            local.delete(key);
        };
        List<String> lines = new ArrayList<>();

        VersionPruner.Result r = new VersionPruner(repository(store), racing, lines::add).prune(2, false);

        assertThat(r.deleted()).containsExactly("v4");
        assertThat(lines).contains("keep\tv1\tshadow\tits stage changed while pruning");
        assertThat(registry.get("v1").stage()).isEqualTo("shadow");
        assertThat(repository(store).verify("v1").files()).containsKey("metadata.json");
    }

    private static void aReaderSeesOnlyWholeVersions(ModelRepository reader, Optional<String> serving)
            throws IOException {
        for (String v : reader.versions()) {
            assertThat(reader.verify(v).files()).as(v).containsKey("metadata.json");
            if (!v.equals("v8")) { // v8 was never registered
                assertThat(reader.stage(v)).as("the stage record of complete version " + v).isPresent();
            }
        }
        assertThat(reader.servingVersion(false)).isEqualTo(serving);
    }

    /**
     * v1 and v2 were in production (v2 left last: rollback restores it), v3 is in shadow, v4 was archived without
     * serving, v5 is in production, v6 in canary, v7 a candidate and v8 uploaded but never registered.
     */
    private Path everyKindOfVersion() throws IOException {
        Path store = dir.resolve("store");
        ModelRegistry registry = registry(store);
        for (int i = 1; i <= 8; i++) {
            StoredVersions.upload(store, "v" + i);
        }
        for (int i = 1; i <= 7; i++) {
            registry.register("v" + i, "test");
        }
        registry.promote("v1", Stage.PRODUCTION, "first");
        registry.promote("v2", Stage.PRODUCTION, "second");
        registry.promote("v3", Stage.SHADOW, "compare");
        registry.promote("v4", Stage.ARCHIVED, "worse offline");
        registry.promote("v5", Stage.PRODUCTION, "third");
        registry.promote("v6", Stage.CANARY, "try");
        StageRecord v2 = registry.repository().stage("v2").orElseThrow();
        assertThat(v2.leftProductionAt()).isAfter(registry.repository().stage("v1").orElseThrow().leftProductionAt());
        return store;
    }

    private ModelRegistry registry(Path store) {
        return new ModelRegistry(new LocalDirectoryStore(store), clock);
    }

    private static ModelRepository repository(Path store) {
        return new ModelRepository(new LocalDirectoryStore(store));
    }

    private static VersionPruner pruner(Path store, List<String> lines) {
        StoreLocations.Deletable d = StoreLocations.openDeletable(store.toString());
        return new VersionPruner(new ModelRepository(d.store()), d.deleter(), lines::add);
    }

    /** Every file and folder under {@code root}, relative to it. */
    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    private int cli(String... args) {
        out.reset();
        err.reset();
        return RegistryCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String lines(String... lines) {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }
}
