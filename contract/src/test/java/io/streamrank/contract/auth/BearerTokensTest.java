package io.streamrank.contract.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token format and check both APIs share (ADR 60, 78, 85). */
class BearerTokensTest {

    private static final String WHAT = "API write token";

    private static final String TOKEN = "s3cret-0123456789-abcdef";

    @TempDir
    Path dir;

    @Test
    void tokensShorterThan16CharactersOrWithWhitespaceAreRefusedWithoutQuotingThem() {
        assertThatThrownBy(() -> parse("fifteen-chars-x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16").hasMessageNotContaining("fifteen");
        assertThatThrownBy(() -> parse("sixteen chars xx")).hasMessageContaining("without whitespace");
        assertThatThrownBy(() -> parse("sixteen\tchars-xx")).isInstanceOf(IllegalArgumentException.class);
        assertThat(parse("sixteen-chars-xx").required()).isTrue();
    }

    @Test
    void onlyTheBearerTokenItselfIsPermittedWhateverTheLengthOffered() {
        BearerTokens token = parse(TOKEN);

        assertThat(token.permits("Bearer " + TOKEN)).isTrue();
        assertThat(token.permits("bearer " + TOKEN)).isTrue();
        assertThat(token.permits("BEARER  " + TOKEN + " ")).isTrue();
        assertThat(token.permits(null)).isFalse();
        assertThat(token.permits("")).isFalse();
        assertThat(token.permits("Bearer")).isFalse();
        assertThat(token.permits("Bearer ")).isFalse();
        assertThat(token.permits(TOKEN)).isFalse();
        assertThat(token.permits("Basic " + TOKEN)).isFalse();
        assertThat(token.permits("Bearer" + TOKEN)).isFalse();
        // Shorter, longer and same-length guesses all go through the digest comparison, none through the token.
        assertThat(token.permits("Bearer " + TOKEN.substring(1))).isFalse();
        assertThat(token.permits("Bearer " + TOKEN + "0")).isFalse();
        assertThat(token.permits("Bearer " + TOKEN.replace('s', 'S'))).isFalse();
        assertThat(token.permits("Bearer " + "x".repeat(10_000))).isFalse();
    }

    @Test
    void onlyTheTokensSha256IsKept() throws Exception {
        BearerTokens token = parse(TOKEN);
        List<Field> fields = Arrays.stream(BearerTokens.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers())).toList();

        assertThat(fields).singleElement().satisfies(f -> assertThat(f.getType()).isEqualTo(byte[][].class));
        fields.get(0).setAccessible(true);
        byte[][] kept = (byte[][]) fields.get(0).get(token);
        assertThat(kept).hasDimensions(1, 32);
        assertThat(kept[0]).isEqualTo(java.security.MessageDigest.getInstance("SHA-256")
                .digest(TOKEN.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void aTokenFileIsReadWithoutItsTrailingLineBreak() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n"); // as kubectl --from-file or an editor

        BearerTokens token = fromFile(file);

        assertThat(token.permits("Bearer " + TOKEN)).isTrue();
        assertThat(token.permits("Bearer " + TOKEN + "\n")).isTrue();
        assertThatThrownBy(() -> fromFile(Files.writeString(dir.resolve("short"), "short\n")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutATokenEveryRequestIsPermitted() {
        assertThat(BearerTokens.NONE.required()).isFalse();
        assertThat(BearerTokens.NONE.permits(null)).isTrue();
        assertThat(BearerTokens.NONE.permits("Bearer anything")).isTrue();
    }

    @Test
    void everyTokenOfAFileWithSeveralIsPermittedAndCommentsAndBlankLinesAreSkipped() throws Exception {
        // A rotation's middle: the old token and the new one, as an operator would annotate them in the Secret.
        Path file = Files.writeString(dir.resolve("token"), "# old, until the writers have moved\n" + TOKEN
                + "\r\n\n   # new, since 2026-12-06\n  new-token-0123456789abcdef  \n");

        BearerTokens token = fromFile(file);

        assertThat(token.count()).isEqualTo(2);
        assertThat(token.permits("Bearer " + TOKEN)).isTrue();
        assertThat(token.permits("Bearer new-token-0123456789abcdef")).isTrue();
        assertThat(token.permits("Bearer # old, until the writers have moved")).isFalse();
        assertThat(token.permits("Bearer " + TOKEN + "\nnew-token-0123456789abcdef")).isFalse();
        assertThat(token.permits("Bearer new-token-0123456789abcdeX")).isFalse();
    }

    @Test
    void aTextWithoutTokensWithTooManyOrWithABadLineIsRefusedNamingTheLineButNotItsText() throws Exception {
        assertThatThrownBy(() -> parse("")).hasMessageContaining("no API write token");
        assertThatThrownBy(() -> parse("# only a comment\n\n")).hasMessageContaining("no API write token");
        StringBuilder nine = new StringBuilder();
        for (int i = 0; i < BearerTokens.MAX_TOKENS + 1; i++) {
            nine.append(TOKEN).append(i).append('\n');
        }
        assertThatThrownBy(() -> parse(nine.toString())).hasMessageContaining("9 API write tokens")
                .hasMessageContaining("at most 8").hasMessageNotContaining(TOKEN);
        assertThat(parse(nine.substring(nine.indexOf("\n") + 1)).count()).isEqualTo(8);
        assertThatThrownBy(() -> parse(TOKEN + "\nhunter2\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(line 2)").hasMessageNotContaining("hunter2").hasMessageNotContaining(TOKEN);
        assertThatThrownBy(() -> parse(TOKEN + "\nnew token 0123456789\n"))
                .hasMessageContaining("without whitespace (line 2)").hasMessageNotContaining("new token");
    }

    @Test
    void aTokenFileOver64KiBIsRefusedUnparsed() throws Exception {
        // A file mounted by mistake (a log, a key store) is not searched for something that looks like tokens.
        Path big = Files.writeString(dir.resolve("big"), TOKEN + "\n" + "#".repeat(BearerTokens.MAX_FILE_BYTES));

        assertThatThrownBy(() -> fromFile(big)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("over 64 KiB");
        assertThat(fromFile(Files.writeString(dir.resolve("fits"), TOKEN + "\n"
                + "#".repeat(BearerTokens.MAX_FILE_BYTES - TOKEN.length() - 1))).count()).isEqualTo(1);
    }

    private static BearerTokens parse(String text) {
        return BearerTokens.parse(text, WHAT);
    }

    private static BearerTokens fromFile(Path file) throws java.io.IOException {
        return BearerTokens.fromFile(file, WHAT);
    }
}
