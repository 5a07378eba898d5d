package io.streamrank.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class KernelMonitorReportTest {

    private static KernelMonitorProbe.Burst burst(long startMillis, double cpuMillis) {
        return new KernelMonitorProbe.Burst(startMillis, cpuMillis);
    }

    private static LoadGenerator.Stall stall(long startMillis) {
        return new LoadGenerator.Stall(startMillis, 10, 80_000);
    }

    @Test
    void countsTheBurstsTheirCpuAndPeriodAndTheStallsThatBeganNearOne() {
        // A 2 s phase with a burst every 0.5 s, one idle tick, and three stalls: two at bursts, one far from any.
        List<KernelMonitorProbe.Burst> bursts = List.of(burst(10_000, 20), burst(10_500, 30), burst(10_700, 1.5),
                burst(11_000, 24), burst(11_500, 22));
        List<LoadGenerator.Stall> stalls = List.of(stall(10_490), stall(11_060), stall(11_300));

        String line = KernelMonitorReport.line("at  1000/s", bursts, 10_000, 12_000, stalls);

        // Covered: 10,000–10,100, 10,475–10,600, 10,975–11,100, 11,475–11,600 = 475 of 2,000 ms.
        assertThat(line).isEqualTo("  kernel at  1000/s: DAMON (kdamond) ran 4 bursts of 23.0 ms CPU (median) every"
                + " 0.500 s (median), 48.0 ms per second; 2 of 3 stalls began within -25..+100 ms of a burst (24 % of"
                + " the phase lies that close to one)");
    }

    @Test
    void theChanceShareNeverCountsOverlappingWindowsTwiceNorTimeOutsideThePhase() {
        List<KernelMonitorProbe.Burst> bursts = List.of(burst(990, 20), burst(1_050, 20), burst(1_950, 20));

        // 1,000–1,150 (the first two windows overlap) and 1,925–2,000: 225 of 1,000 ms.
        assertThat(KernelMonitorReport.coveredShare(bursts, 1_000, 2_000)).isCloseTo(0.225, within(1e-9));
        assertThat(KernelMonitorReport.coveredShare(List.of(), 1_000, 2_000)).isZero();
    }
}
