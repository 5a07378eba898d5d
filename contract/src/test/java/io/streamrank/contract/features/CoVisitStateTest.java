package io.streamrank.contract.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CoVisitStateTest {

    private static final long HOUR = 3_600_000L;
    private static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % HOUR;

    private static Map<Long, Integer> top(CoVisitState s, long asOf, int n) {
        Map<Long, Integer> out = new LinkedHashMap<>();
        s.top(asOf, n, out::put);
        return out;
    }

    @Test
    void coVisitsAreCountedPerNeighbourOverADay() {
        CoVisitState s = new CoVisitState();
        s.add(20L, T0, T0);
        s.add(10L, T0 + 1, T0 + 1);
        s.add(20L, T0 + 2 * HOUR, T0 + 2 * HOUR);
        assertThat(top(s, T0 + 2 * HOUR, 10)).containsExactly(Map.entry(20L, 2), Map.entry(10L, 1));
        assertThat(CoVisitState.expiryOf(T0 + 1)).isEqualTo(T0 + 24 * HOUR);
        assertThat(s.add(30L, T0, T0 + 24 * HOUR)).as("already outside the window").isFalse();

        assertThat(s.evict(T0 + 24 * HOUR)).isTrue();
        assertThat(top(s, T0 + 24 * HOUR, 10)).containsExactly(Map.entry(20L, 1));
        s.evict(T0 + 26 * HOUR);
        assertThat(s.isEmpty()).isTrue();
    }

    @Test
    void theTopListDependsOnTheCoVisitsNotOnTheirArrivalOrder() {
        List<long[]> visits = new ArrayList<>();
        Random r = new Random(3);
        for (int i = 0; i < 2_000; i++) {
            visits.add(new long[] {1 + (long) Math.floor(Math.pow(r.nextDouble(), 2) * 300), T0 + r.nextInt(60_000)});
        }
        Map<Long, Integer> first = replay(visits);
        Collections.shuffle(visits, r);
        Map<Long, Integer> second = replay(visits);
        assertThat(first).hasSize(FeatureNames.COVISIT_MAX_NEIGHBOURS);
        assertThat(second).containsExactlyEntriesOf(first);
        List<Integer> scores = new ArrayList<>(first.values());
        assertThat(scores).isSortedAccordingTo(Collections.reverseOrder());
    }

    private static Map<Long, Integer> replay(List<long[]> visits) {
        CoVisitState s = new CoVisitState();
        long clock = T0;
        for (long[] v : visits) {
            clock = Math.max(clock, v[1]);
            s.add(v[0], v[1], clock);
        }
        return top(s, clock, FeatureNames.COVISIT_MAX_NEIGHBOURS);
    }
}
