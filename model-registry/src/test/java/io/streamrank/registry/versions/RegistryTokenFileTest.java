package io.streamrank.registry.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's token file at start (ADR 85). The format and the check themselves are the contract's
 * {@code BearerTokens}, tested there; this is what the registry adds: its name for the tokens and the file's.
 */
class RegistryTokenFileTest {

    private static final String A = "token-a-0123456789abcdef";

    @TempDir
    Path dir;

    private final PrintStream sink = new PrintStream(new ByteArrayOutputStream());

    @Test
    void anEmptyFileOrOnlyCommentsRefusesTheStartNamingTheFileNeverOpensWrites() throws Exception {
        // Zero tokens would mean writes open to anyone: never what an emptied Secret should do.
        Path empty = Files.writeString(dir.resolve("empty"), "");
        Path comments = Files.writeString(dir.resolve("comments"), "# rotated\n\n");

        assertThatThrownBy(() -> WriteTokens.fromFile(empty, Duration.ZERO, sink, sink))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no registry token")
                .hasMessageContaining(empty.toString());
        assertThatThrownBy(() -> WriteTokens.fromFile(comments, Duration.ZERO, sink, sink))
                .hasMessageContaining("no registry token").hasMessageContaining("--token-file " + comments);
    }

    @Test
    void aBadLineIsNamedByNumberAsARegistryTokenWithoutQuotingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), A + "\nshort\n");

        assertThatThrownBy(() -> WriteTokens.fromFile(file, Duration.ZERO, sink, sink))
                .hasMessageContaining("the registry token must be at least 16 characters without whitespace (line 2)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(A, "short\n"));
        assertThat(WriteTokens.fromFile(Files.writeString(dir.resolve("good"), "# a\n" + A + "\n"), Duration.ZERO,
                sink, sink).get().count()).isEqualTo(1);
    }
}
