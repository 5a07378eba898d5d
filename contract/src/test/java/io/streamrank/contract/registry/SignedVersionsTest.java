package io.streamrank.contract.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.contract.model.ModelMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@link ModelRepository} that requires signed versions (ADR 79): what it hands out, and what it refuses. */
class SignedVersionsTest {

    @TempDir
    Path dir;

    private final KeyPair key = SigningKeys.generate();
    private final VersionSigner signer = new VersionSigner(key.getPrivate());

    private ModelRepository requiring() {
        return new ModelRepository(new LocalDirectoryStore(dir.resolve("store")), VersionVerifier.of(key.getPublic()));
    }

    private ModelRepository notRequiring() {
        return new ModelRepository(new LocalDirectoryStore(dir.resolve("store")));
    }

    @Test
    void aSignedVersionIsVerifiedAndFetchedAndItsCopyHoldsTheSignature() throws IOException {
        signedVersion("v1");

        Path local = requiring().fetch("v1", dir.resolve("cache"));

        assertThat(requiring().verify("v1").files()).containsKeys("metadata.json", "model/saved_model.pb");
        assertThat(local.resolve("model/saved_model.pb")).hasContent("graph v1");
        assertThat(local.resolve(Checksums.SIGNATURE_FILE_NAME)).hasBinaryContent(
                Files.readAllBytes(store("v1").resolve(Checksums.SIGNATURE_FILE_NAME)));
        assertThat(requiring().metadata("v1")).isPresent();
        // Reused, not copied again (the store's file is gone): the signature beside the copy is not one of the
        // version's files, so the copy still matches its checksums exactly.
        Files.delete(store("v1").resolve("model/saved_model.pb"));
        assertThat(requiring().fetch("v1", dir.resolve("cache"))).isEqualTo(local);
        assertThat(local.resolve("model/saved_model.pb")).hasContent("graph v1");
    }

    @Test
    void anUnsignedVersionIsRefusedByAReaderThatRequiresSignaturesAndServedByOneThatDoesNot() throws IOException {
        unsignedVersion("v1");

        assertThatThrownBy(() -> requiring().fetch("v1", dir.resolve("cache")))
                .isInstanceOf(UnsignedVersionException.class)
                .hasMessageContaining("model version v1 refused: it is not signed");
        assertThat(dir.resolve("cache/v1")).doesNotExist();
        assertThatThrownBy(() -> requiring().verify("v1")).isInstanceOf(UnsignedVersionException.class);
        assertThatThrownBy(() -> requiring().checksums("v1")).isInstanceOf(UnsignedVersionException.class);
        assertThatThrownBy(() -> requiring().metadata("v1")).isInstanceOf(UnsignedVersionException.class);
        assertThat(notRequiring().fetch("v1", dir.resolve("cache"))).isDirectory();
    }

    @Test
    void unsignedVersionsAreListedAndChosenAsByEveryReaderNotHidden() throws IOException {
        signedVersion("v1");
        unsignedVersion("v2");
        stage("v1", Stage.PRODUCTION);
        stage("v2", Stage.CANARY);

        ModelRepository.Followed f = requiring().followed(false);

        // The stage logic is the same for every reader; the refusal comes when the canary is fetched.
        assertThat(requiring().versions()).containsExactly("v1", "v2");
        assertThat(f.serving()).contains("v1");
        assertThat(f.canary()).contains("v2");
        assertThatThrownBy(() -> requiring().fetch("v2", dir.resolve("cache")))
                .isInstanceOf(UnsignedVersionException.class);
    }

    @Test
    void aSignatureCopiedFromAnotherVersionIsRefused() throws IOException {
        signedVersion("v1");
        unsignedVersion("v2");
        Files.copy(store("v1").resolve(Checksums.SIGNATURE_FILE_NAME),
                store("v2").resolve(Checksums.SIGNATURE_FILE_NAME));

        assertThatThrownBy(() -> requiring().fetch("v2", dir.resolve("cache")))
                .isInstanceOf(SignatureRefusedException.class)
                .isNotInstanceOf(UnsignedVersionException.class)
                .hasMessageContaining("model version v2 refused: its signature does not verify");
    }

    @Test
    void anArtifactReplacedWithItsChecksumsRecomputedIsRefused() throws IOException {
        signedVersion("v1");
        // What a writer of the bucket without the key can do: change a file and write matching checksums.
        Files.writeString(store("v1").resolve("model/saved_model.pb"), "another graph");
        Files.write(store("v1").resolve(Checksums.FILE_NAME), Checksums.of(store("v1")).bytes());

        assertThatThrownBy(() -> requiring().fetch("v1", dir.resolve("cache")))
                .isInstanceOf(SignatureRefusedException.class);
        assertThatThrownBy(() -> requiring().metadata("v1")).isInstanceOf(SignatureRefusedException.class);
        assertThat(notRequiring().fetch("v1", dir.resolve("cache")).resolve("model/saved_model.pb"))
                .hasContent("another graph");
    }

    @Test
    void aCachedCopyIsReusedOnlyWhileTheStoresSignatureVerifies() throws IOException {
        signedVersion("v1");
        unsignedVersion("v2");
        requiring().fetch("v1", dir.resolve("cache"));
        notRequiring().fetch("v2", dir.resolve("cache"));
        // A signature by the right key, over other checksums.
        Files.write(store("v1").resolve(Checksums.SIGNATURE_FILE_NAME), signer.signatureFile(
                "other checksums\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        // Both copies are still in the cache and match their checksums; neither is handed out.
        assertThatThrownBy(() -> requiring().fetch("v1", dir.resolve("cache")))
                .isInstanceOf(SignatureRefusedException.class);
        assertThatThrownBy(() -> requiring().fetch("v2", dir.resolve("cache")))
                .isInstanceOf(UnsignedVersionException.class);
        assertThat(dir.resolve("cache/v2/model/saved_model.pb")).exists();
    }

    @Test
    void metadataChangedAfterSigningIsRefusedByAReaderThatRequiresSignatures() throws IOException {
        signedVersion("v1");
        Files.writeString(store("v1").resolve(ModelMetadata.FILE_NAME), "{\"version\":\"v9\"}");

        assertThatThrownBy(() -> requiring().metadata("v1"))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("checksum mismatch for metadata.json");
    }

    @Test
    void aKeyThatSignedNothingHereRefusesEveryVersion() throws IOException {
        signedVersion("v1");
        ModelRepository otherKey = new ModelRepository(new LocalDirectoryStore(dir.resolve("store")),
                VersionVerifier.of(SigningKeys.generate().getPublic()));

        assertThat(otherKey.verifier()).isPresent();
        assertThat(notRequiring().verifier()).isEmpty();
        assertThatThrownBy(() -> otherKey.verify("v1")).isInstanceOf(SignatureRefusedException.class)
                .hasMessageContaining("made with another key");
    }

    private Path store(String version) {
        return dir.resolve("store").resolve(version);
    }

    private void unsignedVersion(String v) throws IOException {
        Path d = store(v);
        Files.createDirectories(d.resolve("model"));
        Files.writeString(d.resolve("model/saved_model.pb"), "graph " + v);
        Files.writeString(d.resolve("metadata.json"), "{\"version\":\"" + v + "\"}");
        Files.write(d.resolve(Checksums.FILE_NAME), Checksums.of(d).bytes());
    }

    /** As the registry writes one: the signature before the checksums file. */
    private void signedVersion(String v) throws IOException {
        Path d = store(v);
        Files.createDirectories(d.resolve("model"));
        Files.writeString(d.resolve("model/saved_model.pb"), "graph " + v);
        Files.writeString(d.resolve("metadata.json"), "{\"version\":\"" + v + "\"}");
        byte[] sums = Checksums.of(d).bytes();
        Files.write(d.resolve(Checksums.SIGNATURE_FILE_NAME), signer.signatureFile(sums));
        Files.write(d.resolve(Checksums.FILE_NAME), sums);
    }

    private void stage(String version, Stage stage) throws IOException {
        notRequiring().store().write(ModelRepository.stageKey(version),
                StageRecord.initial(version, stage, Instant.now(), "test").toJson());
    }
}
