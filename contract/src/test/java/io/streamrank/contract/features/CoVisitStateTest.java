package io.streamrank.contract.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoVisitStateTest {

    private static final long HOUR = 3_600_000L;
    private static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % HOUR;

    private static Map<Long, Integer> scores(CoVisitState s, long asOf) {
        Map<Long, Integer> out = new LinkedHashMap<>();
        s.forEachScore(asOf, out::put);
        return out;
    }

    @Test
    void coVisitsAreCountedPerNeighbourOverADay() {
        CoVisitState s = new CoVisitState();
        s.add(20L, T0, T0);
        s.add(10L, T0 + 1, T0 + 1);
        s.add(20L, T0 + 2 * HOUR, T0 + 2 * HOUR);
        assertThat(scores(s, T0 + 2 * HOUR)).containsExactly(Map.entry(10L, 1), Map.entry(20L, 2));
        assertThat(CoVisitState.expiryOf(T0 + 1)).isEqualTo(T0 + 24 * HOUR);

        assertThat(s.evict(T0 + 24 * HOUR)).isTrue();
        assertThat(scores(s, T0 + 24 * HOUR)).containsExactly(Map.entry(20L, 1));
        assertThat(s.drainRemoved()).containsExactly(10L);
        assertThat(s.drainRemoved()).isEmpty();

        s.evict(T0 + 26 * HOUR);
        assertThat(s.isEmpty()).isTrue();
        assertThat(s.drainRemoved()).containsExactly(20L);
    }

    @Test
    void beyondTheCapTheWeakestNeighbourIsDroppedAndRemembered() {
        CoVisitState s = new CoVisitState();
        for (long nb = 1; nb <= FeatureNames.COVISIT_MAX_NEIGHBOURS; nb++) {
            s.add(nb, T0, T0);
            s.add(nb, T0, T0);
        }
        s.add(7L, T0 + 1, T0 + 1);
        s.add(999L, T0 + 2, T0 + 2);
        // 999 has one co-visit, everyone else two or three: the newcomer itself is the weakest.
        assertThat(scores(s, T0 + 2)).hasSize(FeatureNames.COVISIT_MAX_NEIGHBOURS).doesNotContainKey(999L);
        assertThat(s.drainRemoved()).containsExactly(999L);

        s.add(999L, T0 + 3, T0 + 3);
        assertThat(scores(s, T0 + 3)).doesNotContainKey(999L);
    }
}
