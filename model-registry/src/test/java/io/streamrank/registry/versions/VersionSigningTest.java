package io.streamrank.registry.versions;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.registry.Checksums;
import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.contract.registry.ObjectStore;
import io.streamrank.contract.registry.SignatureRefusedException;
import io.streamrank.contract.registry.Stage;
import io.streamrank.contract.registry.UnsignedVersionException;
import io.streamrank.contract.registry.VersionSigner;
import io.streamrank.contract.registry.VersionVerifier;
import io.streamrank.registry.cli.SigningKeyFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code registry keygen}, {@code publish --signing-key}, {@code sign} and {@code verify} on a directory store. */
class VersionSigningTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Map<String, String> env = Map.of();

    @Test
    void keygenWritesAPrivateKeyOnlyItsOwnerCanReadAndThePublicKeyAndNeverOverwritesThem() throws IOException {
        Path keys = dir.resolve("keys");

        assertThat(cli("keygen", "--out", keys.toString())).as(err()).isZero();

        assertThat(Files.getPosixFilePermissions(keys.resolve("signing-key.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(keys.resolve("signing-key.pem")).content().startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(keys.resolve("verify-key.pem")).content().startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(out()).contains("signing-key.pem (private key, mode 0600)", "verify-key.pem (public key)",
                "key ed25519:");
        String before = Files.readString(keys.resolve("signing-key.pem"));

        assertThat(cli("keygen", "--out", keys.toString())).isEqualTo(5);
        assertThat(err()).contains("signing-key.pem already exists: keygen never overwrites a key");
        assertThat(keys.resolve("signing-key.pem")).hasContent(before);
        // Nothing but --out: it touches no store.
        assertThat(cli("keygen", "--out", dir.resolve("k2").toString(), "--store", "x")).isEqualTo(2);
        assertThat(cli("keygen")).isEqualTo(2);
        assertThat(err()).contains("keygen needs --out DIR");
    }

    @Test
    void aVersionPublishedWithTheSigningKeyVerifiesWithTheVerifyKeyAndAReaderRequiringSignaturesFetchesIt()
            throws IOException {
        Path keys = keygen("keys");
        Path store = dir.resolve("store");
        StoredVersions.write(dir.resolve("exports/v1"), "v1");

        assertThat(cli("publish", dir.resolve("exports/v1").toString(), "--signing-key",
                keys.resolve("signing-key.pem").toString(), "--store", store.toString())).as(err()).isZero();
        assertThat(cli("verify", "v1", "--verify-key", keys.resolve("verify-key.pem").toString(),
                "--store", store.toString())).as(err()).isZero();

        assertThat(out()).contains("v1: 2 files match checksums.sha256", "v1: signature valid, key ed25519:");
        ModelRepository requiring = new ModelRepository(new LocalDirectoryStore(store),
                VersionVerifier.fromPemFile(keys.resolve("verify-key.pem")));
        assertThat(requiring.fetch("v1", dir.resolve("cache")).resolve("model/saved_model.pb")).hasContent("graph v1");
        // Without keys, verify can only say that there is a signature.
        assertThat(cli("verify", "v1", "--store", store.toString())).isZero();
        assertThat(out()).contains("v1: signed, signature not checked (give --verify-key FILE to check it)");
    }

    @Test
    void theSignatureIsWrittenBeforeTheChecksumsFile() throws IOException {
        Path keys = keygen("keys");
        StoredVersions.write(dir.resolve("exports/v1"), "v1");
        List<String> writes = new ArrayList<>();
        ObjectStore recording = recording(new LocalDirectoryStore(dir.resolve("store")), writes);

        new ModelRegistry(recording).publish(dir.resolve("exports/v1"), Stage.CANDIDATE, "test",
                VersionSigner.fromPemFile(keys.resolve("signing-key.pem")));

        // A reader that sees the checksums file (the version complete) finds the signature already there.
        assertThat(writes).containsSubsequence("v1/model/saved_model.pb", "v1/checksums.sha256.sig",
                "v1/checksums.sha256", "_stages/v1.json");
        assertThat(writes.indexOf("v1/checksums.sha256.sig")).isEqualTo(writes.indexOf("v1/checksums.sha256") - 1);
    }

    @Test
    void withoutAKeyAVersionIsPublishedUnsignedAsBeforeAndVerifyWithAKeyRefusesIt() throws IOException {
        Path keys = keygen("keys");
        Path store = dir.resolve("store");
        StoredVersions.write(dir.resolve("exports/v1"), "v1");

        assertThat(cli("publish", dir.resolve("exports/v1").toString(), "--store", store.toString())).isZero();
        assertThat(store.resolve("v1/checksums.sha256.sig")).doesNotExist();
        assertThat(cli("verify", "v1", "--store", store.toString())).isZero();
        assertThat(out()).contains("v1: unsigned (no checksums.sha256.sig): readers that require signatures refuse it");

        assertThat(cli("verify", "v1", "--verify-key", keys.resolve("verify-key.pem").toString(), "--store",
                store.toString())).isEqualTo(3);
        assertThat(err()).contains("model version v1 refused: it is not signed");
    }

    @Test
    void promotingAnUnsignedVersionToAServedStageWarnsThatServicesRequiringSignaturesRefuseIt() throws IOException {
        Path keys = keygen("keys");
        Path store = dir.resolve("store");
        StoredVersions.upload(store, "v1");

        assertThat(cli("promote", "v1", "canary", "--store", store.toString())).as(err()).isZero();
        assertThat(err()).contains("warning: v1 is unsigned: services that require signatures");
        assertThat(out()).as("stdout stays the stage record alone").doesNotContain("warning");
        assertThat(cli("promote", "v1", "archived", "--store", store.toString())).isZero();
        assertThat(err()).as("no service loads an archived version").isEmpty();

        assertThat(cli("sign", "v1", "--signing-key", keys.resolve("signing-key.pem").toString(), "--store",
                store.toString())).as(err()).isZero();
        assertThat(cli("promote", "v1", "production", "--store", store.toString())).isZero();
        assertThat(err()).isEmpty();
    }

    @Test
    void aRollbackThatPutsAnUnsignedVersionBackIntoProductionWarnsAsAPromotionDoes() throws IOException {
        Path keys = keygen("keys");
        Path store = dir.resolve("store");
        StoredVersions.upload(store, "v1");
        StoredVersions.upload(store, "v2");
        assertThat(cli("promote", "v1", "production", "--store", store.toString())).isZero();
        assertThat(cli("sign", "v2", "--signing-key", keys.resolve("signing-key.pem").toString(), "--store",
                store.toString())).as(err()).isZero();
        assertThat(cli("promote", "v2", "production", "--store", store.toString())).isZero();
        assertThat(err()).as("v2 is signed").isEmpty();

        assertThat(cli("rollback", "--store", store.toString())).as(err()).isZero();

        assertThat(out()).contains("\"version\" : \"v1\"").doesNotContain("warning");
        assertThat(err()).contains("warning: v1 is unsigned: services that require signatures");
    }

    @Test
    void aPromotionWhoseSignatureCannotBeReadWarnsAndSucceedsForTheStageHasChanged() throws IOException {
        Path store = dir.resolve("store");
        StoredVersions.upload(store, "v1");
        // A directory where the signature file would be: the store's read of it fails.
        java.nio.file.Files.createDirectories(store.resolve("v1/checksums.sha256.sig"));

        assertThat(cli("promote", "v1", "production", "--store", store.toString())).as(err()).isZero();

        assertThat(out()).contains("\"stage\" : \"production\"");
        assertThat(err()).contains("warning: could not read whether v1 is signed",
                "services that require signatures refuse an unsigned version");
    }

    @Test
    void theSigningKeyFileNamedInTheEnvironmentSignsWhenNoOptionIsGiven() throws IOException {
        Path keys = keygen("keys");
        Path store = dir.resolve("store");
        StoredVersions.write(dir.resolve("exports/v1"), "v1");
        env = Map.of(SigningKeyFile.ENV, keys.resolve("signing-key.pem").toString());

        assertThat(cli("publish", dir.resolve("exports/v1").toString(), "--store", store.toString())).isZero();

        assertThat(cli("verify", "v1", "--verify-key", keys.resolve("verify-key.pem").toString(), "--store",
                store.toString())).as(err()).isZero();
    }

    @Test
    void signSignsAVersionPublishedUnsignedOnceAndLeavesItAsItIsAfterwards() throws IOException {
        Path keys = keygen("keys");
        Path store = dir.resolve("store");
        StoredVersions.upload(store, "v1");
        String key = keys.resolve("signing-key.pem").toString();

        assertThat(cli("sign", "v1", "--signing-key", key, "--store", store.toString())).as(err()).isZero();
        assertThat(out()).contains("v1: signed (checksums.sha256.sig written)");
        assertThat(cli("sign", "v1", "--signing-key", key, "--store", store.toString())).isZero();
        assertThat(out()).contains("v1: already signed with this key: nothing written");

        assertThat(cli("verify", "v1", "--verify-key", keys.resolve("verify-key.pem").toString(), "--store",
                store.toString())).as(err()).isZero();
    }

    @Test
    void signRefusesAVersionWhoseFilesDoNotMatchItsChecksums() throws IOException {
        Path keys = keygen("keys");
        Path store = dir.resolve("store");
        StoredVersions.upload(store, "v1");
        Files.writeString(store.resolve("v1/model/saved_model.pb"), "changed in the bucket");

        assertThat(cli("sign", "v1", "--signing-key", keys.resolve("signing-key.pem").toString(), "--store",
                store.toString())).isEqualTo(3);

        assertThat(err()).contains("checksum mismatch for model/saved_model.pb");
        assertThat(store.resolve("v1/checksums.sha256.sig")).doesNotExist();
        assertThat(cli("sign", "v9", "--signing-key", keys.resolve("signing-key.pem").toString(), "--store",
                store.toString())).isEqualTo(4);
    }

    @Test
    void anotherKeysSignatureIsReplacedOnlyWhenAskedForARotation() throws IOException {
        Path old = keygen("old");
        Path rolled = keygen("new");
        Path store = dir.resolve("store");
        StoredVersions.upload(store, "v1");
        assertThat(cli("sign", "v1", "--signing-key", old.resolve("signing-key.pem").toString(), "--store",
                store.toString())).isZero();
        byte[] oldSignature = Files.readAllBytes(store.resolve("v1/checksums.sha256.sig"));

        assertThat(cli("sign", "v1", "--signing-key", rolled.resolve("signing-key.pem").toString(), "--store",
                store.toString())).isEqualTo(5);
        assertThat(err()).contains("already signed, but not by this key", "--replace true");
        assertThat(store.resolve("v1/checksums.sha256.sig")).hasBinaryContent(oldSignature);

        assertThat(cli("sign", "v1", "--signing-key", rolled.resolve("signing-key.pem").toString(), "--replace",
                "true", "--store", store.toString())).isZero();
        assertThat(out()).contains("v1: signed again with this key: the other signature was replaced");
        assertThat(cli("verify", "v1", "--verify-key", rolled.resolve("verify-key.pem").toString(), "--store",
                store.toString())).isZero();
        assertThat(cli("verify", "v1", "--verify-key", old.resolve("verify-key.pem").toString(), "--store",
                store.toString())).isEqualTo(3);
        assertThat(err()).contains("made with another key");
        // A reader given both keys (repeated --verify-key) accepts it, as pods trusting both during a rotation do.
        assertThat(cli("verify", "v1", "--verify-key", old.resolve("verify-key.pem").toString(), "--verify-key",
                rolled.resolve("verify-key.pem").toString(), "--store", store.toString())).as(err()).isZero();
    }

    @Test
    void aVersionSignedElsewhereKeepsItsSignatureWhenPublishedWithoutAKey() throws IOException {
        Path keys = keygen("keys");
        Path export = dir.resolve("exports/v1");
        StoredVersions.write(export, "v1");
        // Signed on another machine, beside the export; published from here without the private key.
        VersionSigner signer = VersionSigner.fromPemFile(keys.resolve("signing-key.pem"));
        Files.write(export.resolve(Checksums.SIGNATURE_FILE_NAME),
                signer.signatureFile(Files.readAllBytes(export.resolve(Checksums.FILE_NAME))));

        assertThat(cli("publish", export.toString(), "--store", dir.resolve("store").toString())).isZero();

        assertThat(cli("verify", "v1", "--verify-key", keys.resolve("verify-key.pem").toString(), "--store",
                dir.resolve("store").toString())).as(err()).isZero();
        // Not one of the version's files.
        assertThat(new ModelRegistry(new LocalDirectoryStore(dir.resolve("store"))).get("v1").checksums())
                .containsOnlyKeys("metadata.json", "model/saved_model.pb");
    }

    @Test
    void aTamperedVersionIsRefusedByVerifyAndByAReaderRequiringSignatures() throws IOException {
        Path keys = keygen("keys");
        Path store = dir.resolve("store");
        StoredVersions.write(dir.resolve("exports/v1"), "v1");
        assertThat(cli("publish", dir.resolve("exports/v1").toString(), "--signing-key",
                keys.resolve("signing-key.pem").toString(), "--store", store.toString())).isZero();
        // A writer of the bucket without the key: a new model file, and checksums that match it.
        Files.writeString(store.resolve("v1/model/saved_model.pb"), "another graph");
        Files.write(store.resolve("v1/checksums.sha256"), Checksums.of(store.resolve("v1")).bytes());

        assertThat(cli("verify", "v1", "--verify-key", keys.resolve("verify-key.pem").toString(), "--store",
                store.toString())).isEqualTo(3);
        assertThat(err()).contains("its signature does not verify");
        Assertions.assertThatThrownBy(() -> new ModelRepository(new LocalDirectoryStore(store),
                        VersionVerifier.fromPemFile(keys.resolve("verify-key.pem"))).fetch("v1", dir.resolve("cache")))
                .isInstanceOf(SignatureRefusedException.class).isNotInstanceOf(UnsignedVersionException.class);
        // The registry itself still reads it: it does not require signatures.
        assertThat(cli("get", "v1", "--store", store.toString())).isZero();
    }

    @Test
    void aBadOrMissingKeyIsReportedBeforeTheStoreChanges() throws IOException {
        Path keys = keygen("keys");
        Path store = dir.resolve("store");
        StoredVersions.upload(store, "v1");
        StoredVersions.write(dir.resolve("exports/v2"), "v2");

        assertThat(cli("sign", "v1", "--store", store.toString())).isEqualTo(2);
        assertThat(err()).contains("sign needs the private key: --signing-key FILE or STREAMRANK_SIGNING_KEY_FILE");
        // The public key where the private one belongs.
        assertThat(cli("publish", dir.resolve("exports/v2").toString(), "--signing-key",
                keys.resolve("verify-key.pem").toString(), "--store", store.toString())).isEqualTo(1);
        assertThat(err()).contains("verify-key.pem holds no PRIVATE KEY block (found PUBLIC KEY)")
                .doesNotContain("Exception");
        assertThat(cli("verify", "v1", "--verify-key", keys.resolve("signing-key.pem").toString(), "--store",
                store.toString())).isEqualTo(1);
        assertThat(err()).contains("holds a private key: readers need only the public key");
        assertThat(cli("sign", "v1", "--signing-key", dir.resolve("absent.pem").toString(), "--store",
                store.toString())).isEqualTo(1);
        assertThat(err()).contains("no such file: " + dir.resolve("absent.pem"));
        assertThat(new ModelRegistry(new LocalDirectoryStore(store)).list()).hasSize(1);
        assertThat(store.resolve("v1/checksums.sha256.sig")).doesNotExist();
    }

    @Test
    void helpNamesTheSigningCommandsAndSaysWhatHappensWithoutAKey() {
        assertThat(RegistryCommand.USAGE).contains("keygen --out DIR", "sign VERSION", "verify VERSION",
                "--signing-key FILE", "STREAMRANK_SIGNING_KEY_FILE", "--verify-key FILE", "--replace true",
                "Without a key the version is published unsigned");
    }

    private Path keygen(String name) {
        Path keys = dir.resolve(name);
        assertThat(cli("keygen", "--out", keys.toString())).as(err()).isZero();
        return keys;
    }

    /** {@code real}, recording the key of every write and upload in order. */
    private static ObjectStore recording(ObjectStore real, List<String> writes) {
        return new ObjectStore() {
            @Override
            public Optional<byte[]> read(String key) throws IOException {
                return real.read(key);
            }

            @Override
            public InputStream open(String key) throws IOException {
                return real.open(key);
            }

            @Override
            public void write(String key, byte[] data) throws IOException {
                writes.add(key);
                real.write(key, data);
            }

            @Override
            public void upload(Path file, String key) throws IOException {
                writes.add(key);
                real.upload(file, key);
            }

            @Override
            public void download(String key, Path file) throws IOException {
                real.download(key, file);
            }

            @Override
            public List<String> list(String prefix) throws IOException {
                return real.list(prefix);
            }

            @Override
            public List<String> folders(String prefix) throws IOException {
                return real.folders(prefix);
            }

            @Override
            public boolean exists(String key) throws IOException {
                return real.exists(key);
            }

            @Override
            public String location() {
                return real.location();
            }
        };
    }

    private int cli(String... args) {
        out.reset();
        err.reset();
        return RegistryCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
