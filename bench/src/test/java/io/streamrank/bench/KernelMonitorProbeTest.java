package io.streamrank.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelMonitorProbeTest {

    @TempDir
    Path proc;

    private Path thread(String pid, String comm, long cpuNanos) throws Exception {
        Path dir = Files.createDirectories(proc.resolve(pid));
        Files.writeString(dir.resolve("comm"), comm + "\n");
        return schedstat(dir, cpuNanos);
    }

    private static Path schedstat(Path dir, long cpuNanos) throws Exception {
        Files.writeString(dir.resolve("schedstat"), cpuNanos + " 49783895637 39429\n");
        return dir;
    }

    @Test
    void findsOnlyTheKdamondThreads() throws Exception {
        Path kdamond = thread("83", "kdamond.0", 1);
        thread("84", "kworker/0:1", 1);
        thread("1200", "java", 1);
        Files.createDirectories(proc.resolve("self"));

        assertThat(KernelMonitorProbe.threads(proc)).containsExactly(kdamond);
        assertThat(KernelMonitorProbe.cpuNanos(kdamond)).isEqualTo(1);
        assertThat(KernelMonitorProbe.cpuNanos(proc.resolve("gone"))).isEqualTo(-1);
    }

    @Test
    void withoutKdamondNothingIsWatchedAndTheReportSaysSo() throws Exception {
        thread("1200", "java", 1);

        try (KernelMonitorProbe probe = KernelMonitorProbe.start(proc)) {
            assertThat(probe.watching()).isFalse();
            assertThat(KernelMonitorReport.line("at  1000/s", probe, 0, 1000, List.of()))
                    .isEqualTo("  kernel at  1000/s: no DAMON thread (kdamond) on this machine");
        }
    }

    @Test
    void successivePollsThatSawCpuTimeMakeOneBurstThatEndsAtTheFirstIdlePoll() throws Exception {
        Path kdamond = thread("83", "kdamond.0", 1_000_000_000L);
        KernelMonitorProbe.Sampler sampler = new KernelMonitorProbe.Sampler();
        List<Path> threads = List.of(kdamond);

        assertThat(sampler.sample(1000, threads)).as("the first reading is only a baseline").isNull();
        assertThat(sampler.sample(1005, threads)).isNull();
        schedstat(kdamond, 1_012_000_000L);
        assertThat(sampler.sample(1010, threads)).as("running").isNull();
        schedstat(kdamond, 1_020_500_000L);
        assertThat(sampler.sample(1015, threads)).as("still running").isNull();

        assertThat(sampler.sample(1020, threads)).isEqualTo(new KernelMonitorProbe.Burst(1010, 20.5));
        assertThat(sampler.sample(1025, threads)).isNull();
    }
}
