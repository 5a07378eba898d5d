package io.streamrank.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;

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
