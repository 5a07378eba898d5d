package io.streamrank.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoadFailuresTest {

    private final LoadFailures failures = new LoadFailures();

    @Test
    void aVersionThatNeverFailedIsTried() {
        assertThat(failures.skip(Role.SERVING, "v1:1")).isFalse();
    }

    @Test
    void aChecksumMismatchWaitsUntilTheChecksumsChange() {
        assertThat(failures.failed(Role.SERVING, "v1:1", true)).isEqualTo(-1);
        for (int poll = 0; poll < 200; poll++) {
            assertThat(failures.skip(Role.SERVING, "v1:1")).isTrue();
        }
        // New checksums (the version was republished) make another attempt.
        assertThat(failures.skip(Role.SERVING, "v1:2")).isFalse();
    }

    @Test
    void aRefusedSignatureWaitsUntilTheVersionIsSignedThenTheNextPollTriesIt() {
        byte[] sums = "abc  model/saved_model.pb\n".getBytes(StandardCharsets.US_ASCII);
        String unsigned = LoadFailures.attempt("v1", sums, Optional.empty());
        assertThat(failures.failed(Role.SERVING, unsigned, true)).isEqualTo(-1);
        for (int poll = 0; poll < 200; poll++) {
            assertThat(failures.skip(Role.SERVING, LoadFailures.attempt("v1", sums.clone(), Optional.empty())))
                    .isTrue();
        }
        // `registry sign` writes the signature and leaves the checksums as they were (ADR 79).
        String signed = LoadFailures.attempt("v1", sums, Optional.of("c2lnbmVk\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(failures.skip(Role.SERVING, signed)).isFalse();
        // A signature replaced (another key's, after a rotation) is another attempt as well.
        failures.failed(Role.SERVING, signed, true);
        assertThat(failures.skip(Role.SERVING, LoadFailures.attempt("v1", sums,
                Optional.of("b3RoZXI=\n".getBytes(StandardCharsets.US_ASCII))))).isFalse();
    }

    @Test
    void anAttemptNamesTheVersionAndTheExactBytesOfBothFiles() {
        byte[] sums = "abc  metadata.json\n".getBytes(StandardCharsets.US_ASCII);
        byte[] sig = "c2ln\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(LoadFailures.attempt("v1", sums, Optional.of(sig)))
                .isEqualTo(LoadFailures.attempt("v1", sums.clone(), Optional.of(sig.clone())))
                .isNotEqualTo(LoadFailures.attempt("v2", sums, Optional.of(sig)))
                .isNotEqualTo(LoadFailures.attempt("v1", "abd  metadata.json\n".getBytes(StandardCharsets.US_ASCII),
                        Optional.of(sig)))
                .isNotEqualTo(LoadFailures.attempt("v1", sums, Optional.empty()))
                .startsWith("v1:");
    }

    @Test
    void anyOtherFailureIsTriedAgainWithTheWaitDoublingUpToTheCap() {
        StringBuilder tried = new StringBuilder();
        int failuresSoFar = 0;
        for (int poll = 0; poll < 40; poll++) {
            if (failures.skip(Role.SERVING, "v1:1")) {
                tried.append('.');
            } else {
                tried.append('T');
                failures.failed(Role.SERVING, "v1:1", false);
                failuresSoFar++;
            }
        }
        // Tried at polls 0, 1, 3, 7, 15, 31: 0, 1, 3, 7, 15 polls skipped in between.
        assertThat(tried.toString()).isEqualTo("TT.T...T.......T...............T........");
        assertThat(failuresSoFar).isEqualTo(6);
        assertThat(LoadFailures.pollsSkipped(7)).isEqualTo(LoadFailures.MAX_POLLS_SKIPPED);
        assertThat(LoadFailures.pollsSkipped(30)).isEqualTo(LoadFailures.MAX_POLLS_SKIPPED);
    }

    @Test
    void aSuccessOrAnotherVersionStartsTheCountAgain() {
        failures.failed(Role.SERVING, "v1:1", false);
        failures.failed(Role.SERVING, "v1:1", false);
        assertThat(failures.skip(Role.SERVING, "v1:1")).isTrue();
        assertThat(failures.skip(Role.SERVING, "v2:1")).isFalse();
        assertThat(failures.failed(Role.SERVING, "v2:1", false)).isZero();

        failures.succeeded(Role.SERVING);
        assertThat(failures.skip(Role.SERVING, "v2:1")).isFalse();
    }

    @Test
    void aStoreThatCouldNotBeReadLeavesABrokenVersionsBackoffAsItWas() {
        failures.failed(Role.SERVING, "v1:1", false);
        failures.failed(Role.SERVING, "v1:1", false);
        failures.failed(Role.SERVING, "v1:1", false);

        assertThat(failures.failed(Role.SERVING, null, false)).as("the listing failed once").isZero();

        assertThat(failures.skip(Role.SERVING, "v1:1")).as("still held back").isTrue();
    }

    @Test
    void rolesAreHeldBackSeparately() {
        failures.failed(Role.CANARY, "v1:1", true);
        assertThat(failures.skip(Role.CANARY, "v1:1")).isTrue();
        assertThat(failures.skip(Role.SERVING, "v1:1")).isFalse();
    }

    @Test
    void anUnreadableStoreHoldsNothingElseBack() {
        failures.failed(Role.SERVING, "v1:1", true);
        assertThat(failures.failed(Role.SERVING, null, false)).isZero();
        assertThat(failures.skip(Role.SERVING, "v2:1")).isFalse();
        assertThat(failures.skip(Role.SERVING, "v1:1")).as("until its checksums change").isTrue();
    }
}
