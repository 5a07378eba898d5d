package io.streamrank.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwapPhaseTest {

    @TempDir
    Path dir;

    @Test
    void eachIntervalGivesRatesBetweenItsSamplesCountedFromThePromotion() {
        long promoted = 100_000L;
        List<SwapPhase.Sample> samples = new ArrayList<>();
        // One sample a second from 5 s before the promotion to 9 s after: 1,000 answers a second throughout, and after
        // the promotion 100 503s and 50 searched lists a second; the service uses 1.2 cores.
        for (int t = -5; t <= 9; t++) {
            int after = Math.max(0, t);
            samples.add(new SwapPhase.Sample(promoted + t * 1000L, 1000.0 * (t + 5), 100.0 * after, 0,
                    50.0 * after, 1.2 * (t + 5), t < 3 ? "v1" : "v2"));
        }
        // 54 requests of 10 ms or more, all due in the first interval after the promotion.
        List<LoadGenerator.Slow> slow = new ArrayList<>();
        for (int i = 0; i < 54; i++) {
            slow.add(new LoadGenerator.Slow(promoted + 1_500, 20_000));
        }

        List<String> lines = SwapPhase.intervals(samples, slow, promoted);

        assertThat(lines).hasSize(4);
        assertThat(lines.get(1).trim()).matches("-5\\.\\.\\s+\\+0 s\\s+1000\\s+0\\s+0\\s+0\\.0 %\\s+0\\s+1\\.20");
        // From the last sample before it (-1 s) to its last (+4 s): 5,000 answers and 400 503s, 54 of them slow (1 %).
        assertThat(lines.get(2).trim()).matches("\\+0\\.\\.\\s+\\+5 s\\s+1000\\s+80\\s+0\\s+1\\.0 %\\s+40\\s+1\\.20");
        assertThat(lines.get(3).trim()).matches("\\+5\\.\\.\\s+\\+10 s\\s+1000\\s+100\\s+0\\s+0\\.0 %\\s+50\\s+1\\.20");
    }

    @Test
    void theIndexLineOfTheNewVersionGivesWhenItTookOverAndWhatWasCarried() throws IOException {
        Path log = dir.resolve("service.log");
        Files.write(log, List.of(
                "2026-12-04T15:53:55.667Z  INFO 1 --- [ranking-service] [ann-index] i.s.r.ann.AnnIndex : HNSW index of "
                        + "model v1: 55368 items of dim 16 built on 2 thread(s) in 10616 ms",
                "2026-12-04T15:56:46.188Z  INFO 1 --- [ranking-service] [ann-index] i.s.r.ann.AnnIndex : HNSW index of "
                        + "model v1-swap: 55368 items of dim 16 built on 1 thread(s) in 41150 ms; 10123 hot "
                        + "neighbour lists of the replaced index searched again in 5723 ms"));

        SwapPhase.IndexLine line = SwapPhase.IndexLine.find(log, "v1-swap");

        assertThat(line.atMillis()).isEqualTo(Instant.parse("2026-12-04T15:56:46.188Z").toEpochMilli());
        assertThat(line.detail()).startsWith("55368 items").endsWith("searched again in 5723 ms");
        assertThat(SwapPhase.IndexLine.find(log, "v2")).isNull();
    }
}
