package io.streamrank.contract.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryTest {

    @TempDir
    Path dir;

    private ModelRepository repository() {
        return new ModelRepository(new LocalDirectoryStore(dir.resolve("store")));
    }

    @Test
    void onlyVersionsWithAChecksumsFileAreComplete() throws IOException {
        version("v1");
        Files.createDirectories(dir.resolve("store/v2/model"));
        Files.writeString(dir.resolve("store/v2/metadata.json"), "{}");

        assertThat(repository().versions()).containsExactly("v1");
    }

    @Test
    void fetchCopiesAndVerifiesEveryArtifact() throws IOException {
        version("v1");

        Path local = repository().fetch("v1", dir.resolve("cache"));

        assertThat(local.resolve("model/saved_model.pb")).hasContent("graph v1");
        assertThat(local.resolve(Checksums.FILE_NAME)).isRegularFile();
        assertThat(repository().fetch("v1", dir.resolve("cache"))).isEqualTo(local);
    }

    @Test
    void aChangedArtifactIsRefusedWithAClearErrorAndNothingIsCached() throws IOException {
        version("v1");
        Files.writeString(dir.resolve("store/v1/model/saved_model.pb"), "graph v1, edited");

        assertThatThrownBy(() -> repository().fetch("v1", dir.resolve("cache")))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("model version v1 refused")
                .hasMessageContaining("model/saved_model.pb")
                .hasMessageContaining("will not be served");
        assertThat(dir.resolve("cache/v1")).doesNotExist();
        assertThatThrownBy(() -> repository().verify("v1")).isInstanceOf(ChecksumMismatchException.class);
    }

    @Test
    void aMissingArtifactIsRefused() throws IOException {
        version("v1");
        Files.delete(dir.resolve("store/v1/metadata.json"));

        assertThatThrownBy(() -> repository().fetch("v1", dir.resolve("cache")))
                .isInstanceOf(ChecksumMismatchException.class).hasMessageContaining("metadata.json")
                .hasMessageContaining("missing");
    }

    @Test
    void theProductionVersionIsServedElseTheNewestNotArchived() throws IOException {
        version("v1");
        version("v2");
        version("v3");
        ModelRepository r = repository();
        assertThat(r.servingVersion(false)).contains("v3");
        assertThat(r.servingVersion(true)).isEmpty();

        stage(r, "v3", Stage.ARCHIVED);
        stage(r, "v1", Stage.PRODUCTION);

        assertThat(r.servingVersion(true)).contains("v1");
        r.store().write(ModelRepository.stageKey("v1"), StageRecord.initial("v1", Stage.ARCHIVED, Instant.now(), "t")
                .toJson());
        assertThat(r.servingVersion(false)).contains("v2");
    }

    @Test
    void aReaderWhoseListingStraddlesARollbacksTwoWritesStillFindsTheProductionVersion() throws IOException {
        version("v1");
        version("v2");
        version("v3");
        ModelRepository writer = repository();
        stage(writer, "v1", Stage.ARCHIVED);
        stage(writer, "v2", Stage.PRODUCTION);
        // The reader reads v1's record (still archived), then the registry rolls back to v1: v1 to production
        // first, then v2 archived; then the reader reads v2's record. That one listing has no production version.
        boolean[] rolledBack = {false};
        ObjectStore real = new LocalDirectoryStore(dir.resolve("store"));
        ModelRepository reader = new ModelRepository((ObjectStore) java.lang.reflect.Proxy.newProxyInstance(
                ObjectStore.class.getClassLoader(), new Class<?>[] {ObjectStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("read") && args[0].equals(ModelRepository.stageKey("v2"))
                            && !rolledBack[0]) {
                        rolledBack[0] = true;
                        stage(writer, "v1", Stage.PRODUCTION);
                        stage(writer, "v2", Stage.ARCHIVED);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));

        // Without production it would serve v3, a version nobody promoted, until its next poll.
        assertThat(reader.servingVersion(false)).contains("v1");
        assertThat(rolledBack[0]).isTrue();
    }

    @Test
    void theFollowedVersionsComeFromOneReadingOfTheStageRecords() throws IOException {
        version("v1");
        version("v2");
        version("v3");
        stage(repository(), "v1", Stage.PRODUCTION);
        stage(repository(), "v2", Stage.CANARY);
        stage(repository(), "v3", Stage.SHADOW);
        int[] stageReads = {0};
        ObjectStore real = new LocalDirectoryStore(dir.resolve("store"));
        ModelRepository reader = new ModelRepository((ObjectStore) java.lang.reflect.Proxy.newProxyInstance(
                ObjectStore.class.getClassLoader(), new Class<?>[] {ObjectStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("read") && ((String) args[0]).startsWith("_stages/")) {
                        stageReads[0]++;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));

        ModelRepository.Followed f = reader.followed(true);

        assertThat(f.serving()).contains("v1");
        assertThat(f.canary()).contains("v2");
        assertThat(f.shadow()).contains("v3");
        assertThat(stageReads[0]).as("one read per version, not one per version and role").isEqualTo(3);
    }

    @Test
    void theShadowAndCanaryVersionsAreFoundByStageAndAbsentWhenNoneIsThere() throws IOException {
        version("v1");
        version("v2");
        version("v3");
        ModelRepository r = repository();
        assertThat(r.versionIn(Stage.CANARY)).isEmpty();

        stage(r, "v1", Stage.PRODUCTION);
        stage(r, "v2", Stage.CANARY);
        stage(r, "v3", Stage.SHADOW);

        assertThat(r.versionIn(Stage.CANARY)).contains("v2");
        assertThat(r.versionIn(Stage.SHADOW)).contains("v3");
        assertThat(r.versionIn(Stage.PRODUCTION)).contains("v1");
        assertThat(r.servingVersion(true)).contains("v1");
    }

    @Test
    void aVersionNameThatIsNotOnePlainPathSegmentIsNeverFetched() {
        for (String name : new String[] {"..", ".", "../x", "a/b", "a\\b", ".hidden", ""}) {
            assertThatThrownBy(() -> repository().fetch(name, dir.resolve("cache"))).as(name)
                    .isInstanceOf(IOException.class).hasMessageContaining("one plain path segment");
        }
    }

    @Test
    void aStageRecordNamingAnotherVersionServesTheVersionItIsFiledUnder() throws IOException {
        version("v1");
        // Written by hand, as only someone with write access to the store could: the name inside is not trusted.
        Files.createDirectories(dir.resolve("store/_stages"));
        Files.write(dir.resolve("store/" + ModelRepository.stageKey("v1")), new StageRecord("../../etc", "production",
                "2026-12-05T00:00:00Z", List.of()).toJson());

        assertThat(repository().servingVersion(true)).contains("v1");
    }

    @Test
    void checksumFilesWithUnsafePathsAreRejected() {
        assertThatThrownBy(() -> Checksums.parse(("0".repeat(64) + "  ../etc/passwd\n").getBytes()))
                .isInstanceOf(IOException.class).hasMessageContaining("unsafe");
    }

    @Test
    void keysCannotLeaveTheStoreDirectory() {
        LocalDirectoryStore store = new LocalDirectoryStore(dir);
        assertThatThrownBy(() -> store.file("../outside")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void stage(ModelRepository r, String version, Stage stage) throws IOException {
        r.store().write(ModelRepository.stageKey(version), StageRecord.initial(version, stage, Instant.now(), "test")
                .toJson());
    }

    private void version(String v) throws IOException {
        Path d = dir.resolve("store").resolve(v);
        Files.createDirectories(d.resolve("model"));
        Files.writeString(d.resolve("model/saved_model.pb"), "graph " + v);
        Files.writeString(d.resolve("metadata.json"), "{\"version\":\"" + v + "\"}");
        Files.write(d.resolve(Checksums.FILE_NAME), Checksums.of(d).bytes());
    }
}
