package io.streamrank.ranking.auth;

import io.streamrank.contract.auth.BearerTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ADR 78's start-up rules: a token from the file, else the environment; without one, loopback or an explicit flag. */
class WriteTokenSourceTest {

    private static final String TOKEN = "s3cret-0123456789-abcdef";

    @TempDir
    Path dir;

    @Test
    void withoutATokenBeyondLoopbackTheServiceRefusesToStartNamingTheWaysToGiveOne() {
        for (String everyOrOne : new String[] {null, "", "0.0.0.0", "10.1.2.3", "::"}) {
            assertThatThrownBy(() -> WriteTokenSource.resolve("", null, false, everyOrOne))
                    .isInstanceOf(WriteTokenException.class).hasMessageContaining("was given no write token")
                    .satisfies(e -> assertThat(((WriteTokenException) e).action()).contains(
                            "streamrank.api.write-token-file", "STREAMRANK_API_WRITE_TOKEN", "streamrank-api-token",
                            "server.address=127.0.0.1", "streamrank.api.unauthenticated-writes=true"));
        }
        assertThatThrownBy(() -> WriteTokenSource.resolve("", "   ", false, null)).isInstanceOf(
                WriteTokenException.class);
    }

    @Test
    void withoutATokenWritesAreOpenOnLoopbackOrWithTheExplicitFlagOnly() {
        for (String loopback : new String[] {"127.0.0.1", "127.0.0.2", "::1", "localhost"}) {
            assertThat(WriteTokenSource.resolve("", null, false, loopback).required()).as(loopback).isFalse();
        }
        assertThat(WriteTokenSource.resolve("", null, true, null).required()).isFalse();
        assertThat(WriteTokenSource.resolve("", null, true, "0.0.0.0").required()).isFalse();
    }

    @Test
    void aGivenTokenIsRequiredEvenOnLoopbackOrWithTheFlagAndTheFileWinsOverTheEnvironment() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");

        BearerTokens fromFile = WriteTokenSource.resolve(file.toString(), "another-token-0123456789", true, "127.0.0.1");
        BearerTokens fromEnvironment = WriteTokenSource.resolve("", " " + TOKEN + " ", false, null);

        assertThat(fromFile.permits("Bearer " + TOKEN)).isTrue();
        assertThat(fromFile.permits("Bearer another-token-0123456789")).isFalse();
        assertThat(fromEnvironment.permits("Bearer " + TOKEN)).isTrue();
    }

    @Test
    void anUnreadableFileOrAWeakTokenRefusesTheStartWithoutQuotingTheToken() throws Exception {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> WriteTokenSource.resolve(missing.toString(), TOKEN, true, "127.0.0.1"))
                .isInstanceOf(WriteTokenException.class).hasMessageContaining(missing.toString())
                .hasMessageContaining("cannot be read");
        Path weak = Files.writeString(dir.resolve("weak"), "hunter2\n");
        assertThatThrownBy(() -> WriteTokenSource.resolve(weak.toString(), null, false, null))
                .isInstanceOf(WriteTokenException.class).hasMessageContaining("at least 16")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> WriteTokenSource.resolve("", "with space 0123456789", false, null))
                .isInstanceOf(WriteTokenException.class).hasMessageContaining("STREAMRANK_API_WRITE_TOKEN")
                .hasMessageNotContaining("with space");
    }
}
