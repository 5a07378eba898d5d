package io.streamrank.ranking.auth;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamrank.contract.auth.BearerTokens;
import io.streamrank.contract.auth.TokenFileWatch.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 85 on real files laid out as the kubelet lays out a mounted Secret: {@code token} links to {@code ..data/token},
 * {@code ..data} links to a timestamped folder, and an update writes a new folder and swaps {@code ..data}.
 */
@ExtendWith(OutputCaptureExtension.class)
class TokenFileReloadTest {

    private static final String OLD = "old-token-0123456789abcdef";
    private static final String NEW = "new-token-0123456789abcdef";

    @TempDir
    Path mount;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Path file;
    private TokenFileReload reload;
    private int updates;

    @BeforeEach
    void mountTheSecret() throws Exception {
        kubeletWrites(OLD + "\n");
        file = Files.createSymbolicLink(mount.resolve("token"), Path.of("..data", "token"));
        reload = new TokenFileReload(file, BearerTokens.fromFile(file, WriteTokenSource.WHAT), meters);
    }

    @AfterEach
    void stop() {
        reload.close();
    }

    @Test
    void aSecondTokenAddedToTheSecretIsAcceptedBesideTheFirstAndTheFirstRemovedIsNoLonger() throws Exception {
        assertThat(reload.check()).isEqualTo(Outcome.UNCHANGED);

        kubeletWrites("# old\n" + OLD + "\n# new\n" + NEW + "\n");
        assertThat(reload.check()).isEqualTo(Outcome.APPLIED);
        assertThat(reload.get().permits("Bearer " + OLD)).isTrue();
        assertThat(reload.get().permits("Bearer " + NEW)).isTrue();
        assertThat(meters.get("streamrank.api.write.token.reloads").tag("outcome", "applied").counter().count())
                .isEqualTo(1);

        kubeletWrites(NEW + "\n");
        assertThat(reload.check()).isEqualTo(Outcome.APPLIED);
        assertThat(reload.get().permits("Bearer " + OLD)).isFalse();
        assertThat(reload.get().permits("Bearer " + NEW)).isTrue();
        assertThat(reload.check()).as("the same text again").isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void aChangeThatBreaksTheRulesIsRefusedOnceAndTheTokensBeforeStay(CapturedOutput output) throws Exception {
        kubeletWrites(OLD + "\nhunter2\n");

        assertThat(reload.check()).isEqualTo(Outcome.REFUSED);
        assertThat(reload.check()).as("reported once, not at every look").isEqualTo(Outcome.UNCHANGED);
        assertThat(reload.get().permits("Bearer " + OLD)).isTrue();
        assertThat(refused()).isEqualTo(1);
        assertThat(meters.get("streamrank.api.write.token.file.refused").gauge().value()).isEqualTo(1);
        assertThat(output).contains("ERROR", "changed but was not applied", "(line 2)", "the 1 token(s) accepted "
                + "before still are").doesNotContain("hunter2");

        kubeletWrites("\n"); // emptied by mistake: writes must not open up
        assertThat(reload.check()).isEqualTo(Outcome.REFUSED);
        assertThat(reload.get().required()).isTrue();

        kubeletWrites(NEW + "\n");
        assertThat(reload.check()).isEqualTo(Outcome.APPLIED);
        assertThat(meters.get("streamrank.api.write.token.file.refused").gauge().value()).isZero();
        assertThat(reload.get().permits("Bearer " + NEW)).isTrue();
    }

    @Test
    void aFileThatDisappearsLeavesTheTokensAndIsReportedOnceUntilItIsBack(CapturedOutput output) throws Exception {
        Files.delete(mount.resolve("..data"));

        assertThat(reload.check()).isEqualTo(Outcome.REFUSED);
        assertThat(reload.check()).isEqualTo(Outcome.UNCHANGED);
        assertThat(reload.get().permits("Bearer " + OLD)).isTrue();
        assertThat(output).contains("cannot be read: NoSuchFileException");

        kubeletWrites(OLD + "\n");
        assertThat(reload.check()).as("back as it was: applied again, the refusal over").isEqualTo(Outcome.APPLIED);
        assertThat(meters.get("streamrank.api.write.token.file.refused").gauge().value()).isZero();
        assertThat(refused()).isEqualTo(1);
    }

    @Test
    void theFileIsFollowedOnItsOwnThreadUntilClosed() throws Exception {
        reload.start(Duration.ofMillis(20));
        kubeletWrites(NEW + "\n");

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!reload.get().permits("Bearer " + NEW) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(reload.get().permits("Bearer " + NEW)).isTrue();

        reload.close();
        long gone = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (pollerAlive() && System.nanoTime() < gone) {
            Thread.sleep(10);
        }
        assertThat(pollerAlive()).isFalse();
    }

    @Test
    void theTokensInForceAndTheDigestOfTheTextComeFromOneReadSoASwapDuringTheStartIsNotMissed() throws Exception {
        // As if the Secret had been swapped between the start's read (which found "another") and this one's.
        reload.close();
        TokenFileReload started = new TokenFileReload(file, BearerTokens.parse("another-token-0123456789", WriteTokenSource.WHAT),
                new SimpleMeterRegistry());

        assertThat(started.get().permits("Bearer " + OLD)).isTrue();
        assertThat(started.get().permits("Bearer another-token-0123456789")).isFalse();
        assertThat(started.check()).isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void afterCloseTheFileIsNoLongerLookedAtSoAShutdownReportsNoRefusal() throws Exception {
        reload.close();
        Files.delete(mount.resolve("..data"));

        assertThat(reload.check()).isEqualTo(Outcome.UNCHANGED);
        assertThat(refused()).isZero();
        assertThat(meters.get("streamrank.api.write.token.file.refused").gauge().value()).isZero();
    }

    private static boolean pollerAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("write-token-reload")
                && t.isAlive());
    }

    private double refused() {
        return meters.get("streamrank.api.write.token.reloads").tag("outcome", "refused").counter().count();
    }

    /** As the kubelet's atomic writer: the new text in a new folder, then {@code ..data} swapped in one rename. */
    private void kubeletWrites(String text) throws Exception {
        Path folder = Files.createDirectory(mount.resolve("..2026_12_06_" + (++updates)));
        Files.writeString(folder.resolve("token"), text);
        Path link = Files.createSymbolicLink(mount.resolve("..data_tmp"), folder.getFileName());
        Files.move(link, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
