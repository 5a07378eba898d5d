package io.streamrank.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TailReportTest {

    private static LoadGenerator.Slow slow(long dueMillis, long millis) {
        return new LoadGenerator.Slow(dueMillis, millis * 1000);
    }

    @Test
    void slowRequestsAreSetAgainstEachCauseAndWhatChanceWouldGive() {
        // A 1 s phase: a 5 ms GC pause of the service at 100 ms and a 0.5 ms safepoint (not counted); a 3 ms pause of
        // the bench's JVM at 300 ms; a 7 ms DAMON burst seen at 500 ms and an idle tick (not counted).
        TailReport.Cause service = TailReport.stops("a stop of the service's JVM", List.of(
                new SafepointLog.Stop(10_100, 10_105, "G1CollectForAllocation"),
                new SafepointLog.Stop(10_300, 10_300, "Cleanup")));
        TailReport.Cause bench = TailReport.stops("a GC pause of the bench's JVM", List.of(
                new SafepointLog.Stop(10_300, 10_303, "end of minor GC (G1 Evacuation Pause)")));
        TailReport.Cause damon = TailReport.bursts(List.of(new KernelMonitorProbe.Burst(10_500, 7),
                new KernelMonitorProbe.Burst(10_800, 1.5)));
        // During the service's pause (2), the bench's (1), the burst's window 495–512 (1), none of them (1).
        List<LoadGenerator.Slow> slow = List.of(slow(10_095, 12), slow(10_104, 11), slow(10_295, 10),
                slow(10_490, 10), slow(10_700, 15));

        String line = TailReport.line("at  1000/s", slow, 1000, List.of(service, bench, damon), 10_000, 11_000);

        // Chance: due up to 10 ms before a window until its end: 15, 13 and 27 ms of 1,000.
        assertThat(line).isEqualTo("  tail at  1000/s: 5 requests of 10 ms or more (0.50 %); in flight during"
                + " a stop of the service's JVM (1, 5.0 ms per second) 40 %, chance 2 %;"
                + " a GC pause of the bench's JVM (1, 3.0 ms per second) 20 %, chance 1 %;"
                + " a DAMON burst (1, 17.0 ms per second) 20 %, chance 3 %; none of these 20 %");
    }

    @Test
    void requestsDueWhileTheQueueOfABurstDrainsAreSetAgainstTheTimeAfterIt() {
        // A 12 ms burst seen at 500 ms: in flight 495–517, after it 517–567.
        List<KernelMonitorProbe.Burst> bursts = List.of(new KernelMonitorProbe.Burst(10_500, 11.2));
        TailReport.Cause during = TailReport.bursts(bursts);
        TailReport.Cause after = TailReport.after(during, 50);
        // In flight during it and on after it (1), due after it and slow as the queue drains (2), too late for
        // either (1). A request counts against every window it overlaps.
        List<LoadGenerator.Slow> slow = List.of(slow(10_505, 20), slow(10_520, 14), slow(10_560, 10),
                slow(10_580, 12));

        String line = TailReport.line("at  1000/s", slow, 1000, List.of(during, after), 10_000, 11_000);

        // Chance: due from 10 ms before a window until its end: 32 and 60 ms of 1,000.
        assertThat(line).isEqualTo("  tail at  1000/s: 4 requests of 10 ms or more (0.40 %); in flight during"
                + " a DAMON burst (1, 22.0 ms per second) 25 %, chance 3 %;"
                + " the 50 ms after a DAMON burst (1, 50.0 ms per second) 75 %, chance 6 %; none of these 25 %");
    }

    @Test
    void chanceMergesOverlappingWindows() {
        List<TailReport.Window> windows = List.of(new TailReport.Window(120, 130), new TailReport.Window(100, 125));

        // Extended back by 10 ms: 90–125 and 110–130 merge to 90–130 = 40 of 1,000 ms.
        assertThat(TailReport.chance(windows, 10, 0, 1000)).isCloseTo(0.04, within(1e-9));
    }

    @Test
    void aPhaseWithoutSlowRequestsSaysSo() {
        String line = TailReport.line("cold start", List.of(), 20_000,
                List.of(TailReport.stops("a stop of the service's JVM", List.of())), 0, 20_000);

        assertThat(line).isEqualTo("  tail cold start: 0 requests of 10 ms or more (0.00 %); in flight during a stop"
                + " of the service's JVM (0, 0.0 ms per second) -, chance 0 %; none of these -");
    }
}
