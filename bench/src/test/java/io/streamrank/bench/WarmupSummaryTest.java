package io.streamrank.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmupSummaryTest {

    @TempDir
    Path dir;

    @Test
    void theReportQuotesTheServicesLastWarmupLineWithoutItsLoggerPrefix() throws Exception {
        Path log = dir.resolve("service.log");
        Files.write(log, List.of(
                "2026-12-03T17:36:40.502Z  INFO 1 --- [main] i.s.ranking.warmup.StartupWarmup : warm-up: ranking ...",
                "2026-12-03T17:37:18.807Z  INFO 1 --- [main] i.s.ranking.warmup.StartupWarmup : warm-up done in 38.3 s:"
                        + " 5000 requests ...; then 17.9 s at a third of that rate for the JIT (2871 requests), settled",
                "2026-12-03T17:37:19.000Z  INFO 1 --- [main] o.s.b.a.ApplicationAvailabilityBean : ready"));

        assertThat(BenchRun.warmupSummary(log)).isEqualTo("start-up warm-up: done in 38.3 s: 5000 requests ...; then"
                + " 17.9 s at a third of that rate for the JIT (2871 requests), settled");
    }

    @Test
    void aServiceWithoutWarmupOrWithoutALogSaysSo() throws Exception {
        Path log = dir.resolve("off.log");
        Files.write(log, List.of("… warm-up off (streamrank.warmup.duration PT0S): ready at once"));

        assertThat(BenchRun.warmupSummary(log)).startsWith("start-up warm-up: none logged");
        assertThat(BenchRun.warmupSummary(dir.resolve("missing.log"))).startsWith("start-up warm-up: log not readable");
    }
}
