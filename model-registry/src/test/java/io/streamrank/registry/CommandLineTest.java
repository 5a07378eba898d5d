package io.streamrank.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.contract.registry.Stage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

    @Test
    void repeatedEventsAndAllSettingsAreParsed() {
        TrainOptions o = CommandLine.parse(new String[] {"--events", "a.csv", "--events", "b.jsonl",
                "--models", "/tmp/m", "--epochs", "5", "--patience", "3", "--batch", "64", "--negatives", "2",
                "--seed", "9", "--max-pairs", "1000", "--learning-rate", "0.05", "--l2", "0", "--dim", "8",
                "--buckets", "1024", "--version", "v1", "--stage", "production"});

        assertThat(o).isEqualTo(new TrainOptions(List.of(Path.of("a.csv"), Path.of("b.jsonl")), "/tmp/m",
                5, 3, 64, 2, 9L, 1000, 0.05f, 0f, 8, 1024, "v1", Stage.PRODUCTION));
    }

    @Test
    void theSigningKeyComesFromTheOptionElseFromTheEnvironmentElseTheVersionIsUnsigned() {
        Map<String, String> env = Map.of("STREAMRANK_SIGNING_KEY_FILE", "/secrets/signing-key.pem");

        assertThat(CommandLine.parse(new String[] {"--events", "a.csv", "--signing-key", "k.pem"}, env).signingKey())
                .isEqualTo(Path.of("k.pem"));
        assertThat(CommandLine.parse(new String[] {"--events", "a.csv"}, env).signingKey())
                .isEqualTo(Path.of("/secrets/signing-key.pem"));
        assertThat(CommandLine.parse(new String[] {"--events", "a.csv"}, Map.of()).signingKey()).isNull();
        assertThat(CommandLine.USAGE).contains("--signing-key FILE", "STREAMRANK_SIGNING_KEY_FILE",
                "unsigned, as before");
    }

    @Test
    void theHelpStatesTheJobsAdmissionRulesWithTheirExactBounds() {
        // 2 s of out-of-orderness, 1 ms, 1 min of allowed lateness; the job's --max.future.skew.
        assertThat(CommandLine.USAGE).contains("more than 62,001 ms behind the newest event before them",
                "more than 120,000 ms ahead of the file's clock", "repeated eventIds");
    }

    @Test
    void defaultsApplyWhenOnlyEventsAreGiven() {
        TrainOptions o = CommandLine.parse(new String[] {"--events", "a.csv"});

        assertThat(o).isEqualTo(TrainOptions.defaults(List.of(Path.of("a.csv")), Path.of("models")));
    }

    @Test
    void helpExplainsEveryOptionAndExitsZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = TrainCommand.run(new String[] {"--help"}, print(out), print(new ByteArrayOutputStream()));

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--events", "--models", "--epochs", "--batch",
                "--negatives", "--seed", "--max-pairs", "--learning-rate", "--l2", "--version", "--help", "--store",
                "--stage", "--patience", "--dim", "--buckets");
    }

    @Test
    void badCommandLineExitsTwoWithTheReason() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = TrainCommand.run(new String[] {"--epochs", "3"}, print(new ByteArrayOutputStream()), print(err));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--events is required");
    }

    @Test
    void aStrayArgumentIsReportedAsAnUnexpectedArgumentNotAsAnOption() {
        // A second file after --events had been "missing value for b.csv", a word before the options "unknown
        // option": the words the registry and evaluation commands use for the same mistake say what to do instead.
        for (String[] argv : List.of(new String[] {"--events", "a.csv", "b.csv"},
                new String[] {"b.csv", "--events", "a.csv"},
                new String[] {"--events", "a.csv", "b.csv", "--seed", "1"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int code = TrainCommand.run(argv, print(new ByteArrayOutputStream()), print(err));

            assertThat(code).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: unexpected argument b.csv: each "
                    + "option takes one value; repeat the option for more").doesNotContain("unknown option");
        }
    }

    @Test
    void theArchiveIsNotAStageToTrainInto() {
        // Parsed before any training: the version would otherwise be trained for minutes, then archived on publish.
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--events", "a.csv", "--stage", "archived"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("archive");
    }

    @Test
    void versionNamesThatAreNotOnePathSegmentAreRefused() {
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--events", "a.csv", "--version", "../x"}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLearningRateOrL2ThatIsNotAFiniteNumberIsRefused() {
        // An infinite step makes every loss NaN: refused on the command line, not found out after an epoch.
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--events", "a.csv", "--learning-rate", "Infinity"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite learning rate");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--events", "a.csv", "--l2", "NaN"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(CommandLine.parse(new String[] {"--events", "a.csv", "--learning-rate", "0.001"})).isNotNull();
    }

    @Test
    void anIntegerBeyondIntIsRefusedNamingTheOptionInsteadOfWrapping() {
        // 4294967297 = 2^32 + 1 was cast to 1 epoch.
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--events", "a.csv", "--epochs", "4294967297"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--epochs is out of range");
    }

    @Test
    void aMissingEventFileIsNamedByItsAbsolutePathWithoutTheExceptionClass(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path missing = dir.resolve("nope.csv");

        int code = TrainCommand.run(new String[] {"--events", missing.toString(), "--store",
            dir.resolve("models").toString()}, print(new ByteArrayOutputStream()), print(err));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("error: training failed: no such file: "
                + missing.toAbsolutePath() + System.lineSeparator());
    }

    private static PrintStream print(ByteArrayOutputStream out) {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }
}
