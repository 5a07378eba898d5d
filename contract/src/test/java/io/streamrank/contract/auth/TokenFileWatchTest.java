package io.streamrank.contract.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.auth.TokenFileWatch.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What one look at a token file tells (ADR 85); the services' reloaders act on it and are tested in their modules. */
class TokenFileWatchTest {

    private static final String A = "token-a-0123456789abcdef";
    private static final String B = "token-b-0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void aTouchedFileIsUnchangedAChangedOneAppliedAndABrokenOneRefusedOnce() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), A + "\n");
        TokenFileWatch watch = new TokenFileWatch(file, "test token");
        assertThat(watch.read().permits("Bearer " + A)).isTrue();
        assertThat(watch.look().outcome()).isEqualTo(Outcome.UNCHANGED);

        // Same text, a new time: read, and told apart from a change by its digest.
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(watch.look().outcome()).isEqualTo(Outcome.UNCHANGED);

        Files.writeString(file, A + "\n" + B + "\n");
        TokenFileWatch.Look applied = watch.look();
        assertThat(applied.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(applied.tokens().count()).isEqualTo(2);

        Files.writeString(file, B + "\nshort\n");
        TokenFileWatch.Look refused = watch.look();
        assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(refused.why()).contains("test token", "(line 2)").doesNotContain("short\n", B);
        assertThat(watch.look().outcome()).as("told once").isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void aMissingFileIsRefusedOnceAndWhatItHoldsWhenBackIsApplied() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), A + "\n");
        TokenFileWatch watch = new TokenFileWatch(file, "test token");
        watch.read();
        Files.delete(file);

        TokenFileWatch.Look gone = watch.look();
        assertThat(gone.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(gone.why()).startsWith("cannot be read: NoSuchFileException");
        assertThat(watch.look().outcome()).isEqualTo(Outcome.UNCHANGED);

        Files.writeString(file, A + "\n"); // the same text: still new after a failure, so the recovery is seen
        assertThat(watch.look().outcome()).isEqualTo(Outcome.APPLIED);
    }
}
