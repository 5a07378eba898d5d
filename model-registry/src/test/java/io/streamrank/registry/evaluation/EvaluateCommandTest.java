package io.streamrank.registry.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aSecondFileAfterOneEventsOptionIsRefusedNotDropped() {
        int code = run("--events", "a.csv", "b.csv");

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("unexpected argument b.csv", "--events a.csv --events b.csv");
    }

    @Test
    void anOutOfRangeIntegerIsRefusedNamingTheOption() {
        assertThat(run("--events", "a.csv", "--epochs", "4294967297")).isEqualTo(2);
        assertThat(err()).contains("--epochs is out of range");
    }

    @Test
    void aMissingEventFileIsNamedByItsAbsolutePathWithoutAStackTrace() {
        Path missing = dir.resolve("nope.csv");

        int code = run("--events", missing.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err()).contains("error: evaluation failed: no such file: " + missing.toAbsolutePath())
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    private int run(String... args) {
        return EvaluateCommand.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
