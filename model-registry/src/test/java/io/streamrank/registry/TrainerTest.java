package io.streamrank.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.contract.registry.SigningKeys;
import io.streamrank.contract.registry.VersionVerifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    @TempDir
    Path dir;

    @Test
    void existingVersionIsRefusedBeforeAnyWork() throws IOException {
        Path models = dir.resolve("models");
        Files.createDirectories(models.resolve("v1"));
        Files.writeString(models.resolve("v1/checksums.sha256"), "0".repeat(64) + "  metadata.json\n");
        // The event file does not exist: reaching it would fail differently.
        TrainOptions options = TrainOptions.defaults(List.of(dir.resolve("absent.csv")), models).withVersion("v1");

        assertThatThrownBy(() -> Trainer.train(options, line -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already exists");
    }

    @Test
    void aLearningRateThatBlowsUpTheWeightsIsReportedAsDivergenceAndPublishesNothing() throws IOException {
        Path csv = dir.resolve("browsing.csv");
        BrowsingFixture.write(csv, dir.resolve("browsing.jsonl"), 40, 3L);
        Path models = dir.resolve("models");
        // Finite, so the options accept it; every Adam step moves each weight by about 1e30, and the loss overflows.
        TrainOptions options = CommandLine.parse(new String[] {"--events", csv.toString(), "--store",
                models.toString(), "--learning-rate", "1e30", "--epochs", "2", "--version", "v1"});

        assertThatThrownBy(() -> Trainer.train(options, line -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("training diverged").hasMessageContaining("lower --learning-rate");
        assertThat(models.resolve("v1")).doesNotExist();
    }

    @Test
    void aSigningKeyThatCannotBeReadFailsBeforeAnyWork() throws IOException {
        Path publicOnly = dir.resolve("verify-key.pem");
        Files.writeString(publicOnly, SigningKeys.publicKeyPem(SigningKeys.generate().getPublic()));
        // The event file does not exist: reaching it would fail differently.
        TrainOptions options = TrainOptions.defaults(List.of(dir.resolve("absent.csv")), dir.resolve("models"))
                .withSigningKey(publicOnly);

        assertThatThrownBy(() -> Trainer.train(options, line -> { }))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("holds no PRIVATE KEY block (found PUBLIC KEY)");
        assertThat(dir.resolve("models")).doesNotExist();
    }

    @Test
    void theTrainCommandWithASigningKeyPublishesAVersionThatAReaderRequiringSignaturesServes() throws IOException {
        Path csv = dir.resolve("browsing.csv");
        BrowsingFixture.write(csv, dir.resolve("browsing.jsonl"), 40, 3L);
        KeyPair key = SigningKeys.generate();
        Path signingKey = dir.resolve("signing-key.pem");
        Files.writeString(signingKey, SigningKeys.privateKeyPem(key.getPrivate()));
        Path models = dir.resolve("models");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = TrainCommand.run(new String[] {"--events", csv.toString(), "--store", models.toString(),
                "--epochs", "1", "--version", "v1", "--signing-key", signingKey.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("published v1 (candidate, signed) to ",
                "dropped as the feature job does: 0 late events", "0 from the future");
        ModelRepository requiring = new ModelRepository(new LocalDirectoryStore(models),
                VersionVerifier.of(key.getPublic()));
        assertThat(requiring.verify("v1").files()).containsKeys("metadata.json", "model/saved_model.pb");
        assertThat(requiring.metadata("v1").orElseThrow().version()).isEqualTo("v1");
    }
}
