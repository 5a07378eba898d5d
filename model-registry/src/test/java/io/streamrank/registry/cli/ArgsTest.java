package io.streamrank.registry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ArgsTest {

    @Test
    void aStrayPositionalArgumentIsRefusedWhenTheCommandTakesNone() {
        Args a = new Args(new String[] {"--events", "a.csv", "b.csv"});
        a.all("--events");

        assertThatThrownBy(a::finish).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unexpected argument b.csv").hasMessageContaining("repeat the option");
    }

    @Test
    void positionalArgumentsACommandReadAreLeftToItToCheck() {
        Args a = new Args(new String[] {"promote", "v1", "production"});

        assertThat(a.positional()).containsExactly("promote", "v1", "production");
        a.finish();
    }

    @Test
    void anIntegerBeyondIntIsRefusedNamingTheOptionInsteadOfWrapping() {
        Args a = new Args(new String[] {"--epochs", "4294967297"});

        assertThatThrownBy(() -> a.intOr("--epochs", 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--epochs").hasMessageContaining("out of range");
        assertThat(new Args(new String[] {"--epochs", "2147483647"}).intOr("--epochs", 3))
                .isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void booleansAreTrueOrFalseInAnyCaseAndAnythingElseIsRefused() {
        assertThat(new Args(new String[] {"--x", "TRUE"}).booleanOr("--x", false)).isTrue();
        assertThat(new Args(new String[] {"--x", "False"}).booleanOr("--x", true)).isFalse();
        assertThat(new Args(new String[0]).booleanOr("--x", true)).isTrue();
        assertThatThrownBy(() -> new Args(new String[] {"--x", "ture"}).booleanOr("--x", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--x wants true or false");
    }

    @Test
    void aMissingFileIsReportedByItsAbsolutePathWithoutTheExceptionClassOrATrace() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        Failures.report("training failed", new NoSuchFileException("ub.csv"), print(err));

        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("error: training failed: no such file: "
                + Path.of("ub.csv").toAbsolutePath() + System.lineSeparator());
    }

    @Test
    void anExpectedFailureShowsItsMessageAndABugItsTrace() {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ByteArrayOutputStream bug = new ByteArrayOutputStream();

        Failures.report("", new IOException("disk full"), print(expected));
        Failures.report("", new NullPointerException(), print(bug));

        assertThat(expected.toString(StandardCharsets.UTF_8)).isEqualTo("error: disk full" + System.lineSeparator());
        assertThat(bug.toString(StandardCharsets.UTF_8)).startsWith("error: java.lang.NullPointerException")
                .contains("\tat ");
    }

    private static PrintStream print(ByteArrayOutputStream out) {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }
}
