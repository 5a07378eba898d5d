package io.streamrank.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.contract.registry.SigningKeys;
import io.streamrank.contract.registry.VersionVerifier;
import io.streamrank.ranking.TestProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyKeysTest {

    @TempDir
    Path dir;

    @Test
    void noKeyFilesMeansVersionsNeedNoSignatureAsByDefault() {
        assertThat(TestProperties.load(Map.of()).model().verifyKeys()).isEmpty();
        assertThat(VerifyKeys.read(List.of())).isEmpty();
    }

    @Test
    void everyPublicKeyOfEveryFileIsTrustedSoThatAKeyCanBeRolled() throws Exception {
        KeyPair old = SigningKeys.generate();
        KeyPair next = SigningKeys.generate();
        KeyPair other = SigningKeys.generate();
        Path both = Files.writeString(dir.resolve("verify-key.pem"),
                SigningKeys.publicKeyPem(old.getPublic()) + SigningKeys.publicKeyPem(next.getPublic()));
        Path third = Files.writeString(dir.resolve("other.pem"), SigningKeys.publicKeyPem(other.getPublic()));

        VersionVerifier verifier = VerifyKeys.read(List.of(both.toString(), " " + third + "\n")).orElseThrow();

        assertThat(VerifyKeys.fingerprints(verifier)).containsExactly(SigningKeys.fingerprint(old.getPublic()),
                SigningKeys.fingerprint(next.getPublic()), SigningKeys.fingerprint(other.getPublic()));
    }

    @Test
    void aMissingKeyFileStopsTheStartNamingTheFileThePropertyAndTheWaysOut() {
        String missing = dir.resolve("model-keys/verify-key.pem").toString();

        assertThatThrownBy(() -> VerifyKeys.read(List.of(missing))).isInstanceOfSatisfying(VerifyKeysException.class,
                e -> {
                    assertThat(e.getMessage()).contains(missing, "streamrank.model.verify-keys", "no such file");
                    assertThat(e.action()).contains("STREAMRANK_MODEL_VERIFYKEYS", "registry keygen",
                            "streamrank-model-verify-keys", "empty");
                });
    }

    @Test
    void aFileHoldingThePrivateKeyIsRefusedSoThatNoPodIsGivenOne() throws Exception {
        KeyPair pair = SigningKeys.generate();
        Path wrong = Files.writeString(dir.resolve("signing-key.pem"), SigningKeys.privateKeyPem(pair.getPrivate())
                + SigningKeys.publicKeyPem(pair.getPublic()));

        assertThatThrownBy(() -> VerifyKeys.read(List.of(wrong.toString())))
                .isInstanceOf(VerifyKeysException.class).hasMessageContaining("holds a private key");
    }

    @Test
    void aFileWithoutAPublicKeyStopsTheStart() throws Exception {
        Path text = Files.writeString(dir.resolve("verify-key.pem"), "not a key\n");

        assertThatThrownBy(() -> VerifyKeys.read(List.of(text.toString())))
                .isInstanceOf(VerifyKeysException.class).hasMessageContaining("holds no PUBLIC KEY block");
    }

    @Test
    void theEnvironmentVariableTakesOneFileACommaSeparatedListOrIndexedEntries() {
        assertThat(TestProperties.fromEnvironment(Map.of("STREAMRANK_MODEL_VERIFYKEYS",
                "/etc/streamrank/model-keys/verify-key.pem")).model().verifyKeys())
                .containsExactly("/etc/streamrank/model-keys/verify-key.pem");
        assertThat(TestProperties.fromEnvironment(Map.of("STREAMRANK_MODEL_VERIFYKEYS", "/k/old.pem,/k/new.pem"))
                .model().verifyKeys()).containsExactly("/k/old.pem", "/k/new.pem");
        assertThat(TestProperties.fromEnvironment(Map.of("STREAMRANK_MODEL_VERIFYKEYS_0_", "/k/old.pem",
                "STREAMRANK_MODEL_VERIFYKEYS_1_", "/k/new.pem")).model().verifyKeys())
                .containsExactly("/k/old.pem", "/k/new.pem");
    }
}
