package io.streamrank.ranking.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JitSettlingTest {

    private static final long MS = 1_000_000L;

    @Test
    void notSettledBeforeAWholeWindowWasSeenEvenWithNothingCompiled() {
        JitSettling jit = JitSettling.ofThisJvm(Duration.ofSeconds(2), 0.2);
        assertThat(jit).as("HotSpot reports its compilation time").isNotNull();
        assertThat(jit.settled(0, 1000)).isFalse();
        assertThat(jit.settled(1000 * MS, 1000)).isFalse();
        assertThat(jit.settled(2000 * MS, 1000)).isTrue();
    }

    @Test
    void busyCompilersKeepItUnsettledUntilTheirWorkLeavesTheWindow() {
        JitSettling jit = JitSettling.ofThisJvm(Duration.ofSeconds(2), 0.2);
        long compiled = 0;
        long firstSettled = -1;
        // A second of 1.3 cores compiling, as at the end of a 20 s warm-up on two cores (ADR 62), then quiet.
        for (int t = 0; t <= 4000 && firstSettled < 0; t += 250) {
            compiled += t > 0 && t <= 1000 ? 325 : 0;
            if (jit.settled(t * MS, compiled)) {
                firstSettled = t;
            }
        }
        // At 2,750 ms the window (750–2,750 ms) holds the burst's last 325 ms of compiling: 0.16 of a core. At
        // 2,500 ms it held 650 ms: 0.33.
        assertThat(firstSettled).isEqualTo(2750);
        assertThat(jit.lastShare()).isCloseTo(0.1625, offset(1e-9));
    }

    @Test
    void theShareMustBeUnderTheLimitNotAtIt() {
        assertThat(settlesAt(0.2)).isFalse();
        assertThat(settlesAt(0.19)).isTrue();
    }

    /** Whether a steady share of one core compiling counts as settled after 4 s of samples. */
    private static boolean settlesAt(double share) {
        JitSettling jit = JitSettling.ofThisJvm(Duration.ofSeconds(2), 0.2);
        boolean settled = false;
        for (int t = 0; t <= 4000; t += 500) {
            settled = jit.settled(t * MS, Math.round(t * share));
        }
        return settled;
    }
}
