package io.streamrank.registry.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADR 85: the token format, the same in --token-file and STREAMRANK_REGISTRY_TOKEN. */
class TokenLinesTest {

    private static final String A = "old-token-0123456789-aaaa";
    private static final String B = "new-token-0123456789-bbbb";

    @TempDir
    Path dir;

    @Test
    void commentsAndBlankLinesAreSkippedAndEveryTokenIsPermitted() {
        // As an operator writes a rotation into the Secret: which line is which, Windows line ends, stray spaces.
        WriteToken t = WriteToken.parse("# old, remove after the writers moved\r\n" + A + "\r\n\n   \n  # new\n  "
                + B + "  \n");

        assertThat(t.count()).isEqualTo(2);
        assertThat(t.permits("Bearer " + A)).isTrue();
        assertThat(t.permits("Bearer " + B)).isTrue();
        assertThat(t.permits("Bearer " + A + "x")).isFalse();
        assertThat(t.permits("Bearer # new")).isFalse(); // a comment is not a token
        assertThat(t.permits(null)).isFalse();
    }

    @Test
    void eightTokensAreAcceptedANinthIsRefused() {
        String eight = IntStream.range(0, 8).mapToObj(i -> "token-0123456789-" + i).collect(Collectors.joining("\n"));

        assertThat(WriteToken.parse(eight).count()).isEqualTo(8);
        assertThatThrownBy(() -> WriteToken.parse(eight + "\ntoken-0123456789-8"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9 registry tokens, at most 8");
    }

    @Test
    void aShortOrSpacedLineIsRefusedByItsNumberWithoutQuotingIt() {
        // The message goes to the log: neither the bad line (maybe a token cut short) nor a good one may be in it.
        assertThatThrownBy(() -> WriteToken.parse(A + "\n# c\nshort-secret\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16 characters without whitespace (line 3)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("short-secret", A));
        assertThatThrownBy(() -> WriteToken.parse(A + "\nwith a space 0123456789"))
                .hasMessageContaining("(line 2)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("space 0123456789", A));
    }

    @Test
    void anEmptyFileOrOnlyCommentsIsRefusedNeverOpenWrites() throws Exception {
        // Zero tokens would mean writes open to anyone: never what an emptied Secret should do.
        Path empty = Files.writeString(dir.resolve("empty"), "");
        Path comments = Files.writeString(dir.resolve("comments"), "# rotated\n\n");
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());

        assertThatThrownBy(() -> WriteTokens.fromFile(empty, Duration.ZERO, sink, sink))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no registry token")
                .hasMessageContaining(empty.toString());
        assertThatThrownBy(() -> WriteToken.fromFile(comments)).hasMessageContaining("no registry token");
    }

    @Test
    void aFileOver64KibIsRefusedUnread() throws Exception {
        Path limit = dir.resolve("limit");
        Files.write(limit, (A + "\n" + "#".repeat(TokenLines.MAX_FILE_BYTES - A.length() - 1)).getBytes());
        Path over = dir.resolve("over");
        Files.write(over, (A + "\n" + "#".repeat(TokenLines.MAX_FILE_BYTES - A.length())).getBytes());

        assertThat(Files.size(limit)).isEqualTo(64 * 1024);
        assertThat(WriteToken.fromFile(limit).count()).isEqualTo(1);
        assertThatThrownBy(() -> WriteToken.fromFile(over)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("over 64 KiB").satisfies(e -> assertThat(e.getMessage()).doesNotContain(A));
    }

    @Test
    void onlyDigestsAreKeptNeverTheTokens() {
        // A heap dump of the registry must not give a token away.
        assertThat(Arrays.stream(WriteToken.class.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers()))
                .map(Field::getType))
                .doesNotContain(String.class, String[].class, char[].class);
    }
}
