package io.streamrank.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
