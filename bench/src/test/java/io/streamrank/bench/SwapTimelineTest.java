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

class SwapTimelineTest {

    private static final long PROMOTED = Instant.parse("2026-12-05T06:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    @Test
    void theServiceLogPlacesTheFetchTheLoadAndServingOfTheNewVersionOnly() throws IOException {
        Path log = log();

        List<SwapTimeline.Step> steps = SwapTimeline.steps(log, "v1-swap", PROMOTED, PROMOTED + 9_000,
                PROMOTED + 60_000);

        // Loaded at +5.0 s after a 1,200 ms fetch and an 800 ms load: the fetch began at +3.0 s. v0's lines are not it.
        assertThat(steps).extracting(s -> s.atMillis() - PROMOTED).containsExactly(0L, 3_000L, 4_200L, 5_010L, 9_000L,
                14_000L, 60_000L);
        assertThat(steps).extracting(SwapTimeline.Step::name).containsExactly("promoted, not yet seen",
                "fetch and verify", "load and warm", "served, old index", "new index, first 5 s", "after", "end");
    }

    @Test
    void stepsPastThePhasesEndAreLeftOut() throws IOException {
        List<SwapTimeline.Step> steps = SwapTimeline.steps(log(), "v1-swap", PROMOTED, PROMOTED + 9_000,
                PROMOTED + 10_000);

        assertThat(steps).extracting(SwapTimeline.Step::name).endsWith("new index, first 5 s", "end");
    }

    @Test
    void eachStepGivesItsRatesAndTheTimelineFoldsQuietBins() throws IOException {
        List<SwapTimeline.Step> steps = SwapTimeline.steps(log(), "v1-swap", PROMOTED, PROMOTED + 9_000,
                PROMOTED + 20_000);
        // 10 503s in the phase's 10 s before the promotion; 60 due during the 1.2 s load (+4.2..+5.01 s is 0.81 s:
        // all at +4.5 s), and 3 slow requests at +4.6 s, the slowest 80 ms.
        List<Long> shed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            shed.add(PROMOTED - 10_000 + i * 1_000L);
        }
        for (int i = 0; i < 60; i++) {
            shed.add(PROMOTED + 4_500);
        }
        List<LoadGenerator.Slow> slow = List.of(new LoadGenerator.Slow(PROMOTED + 4_600, 20_000),
                new LoadGenerator.Slow(PROMOTED + 4_600, 80_000), new LoadGenerator.Slow(PROMOTED + 4_700, 12_000));

        // The service's JVM stopped twice in that bin: 3 and 12 ms; once for 2 ms in a quiet bin (not shown for that).
        List<SafepointLog.Stop> stops = List.of(new SafepointLog.Stop(PROMOTED + 4_510, PROMOTED + 4_513, "Cleanup"),
                new SafepointLog.Stop(PROMOTED + 4_600, PROMOTED + 4_612, "G1CollectForAllocation"),
                new SafepointLog.Stop(PROMOTED + 1_000, PROMOTED + 1_002, "G1CollectForAllocation"));

        List<String> lines = SwapTimeline.report(steps, PROMOTED - 10_000, shed, slow, stops);

        assertThat(lines.get(1).trim()).matches("before the promotion\\s+10\\.00\\s+1\\.0\\s+0\\.0");
        assertThat(lines.get(3).trim()).matches("fetch and verify\\s+1\\.20\\s+0\\.0\\s+0\\.0");
        assertThat(lines.get(4).trim()).matches("load and warm\\s+0\\.81\\s+74\\.1\\s+3\\.7");
        // The bin of +4.50 s holds the 60 503s and the three slow requests; the bins between the steps are folded.
        assertThat(lines).anySatisfy(l -> assertThat(l.trim())
                .matches("\\+4\\.50 s\\s+60\\s+3\\s+80\\.0 ms\\s+15 ms G1CollectForAllocation"));
        assertThat(lines).noneSatisfy(l -> assertThat(l.trim()).startsWith("+1.00 s"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("<- fetch and verify"));
        assertThat(lines).anySatisfy(l -> assertThat(l.trim()).matches("\\(\\d+ quiet bins\\)"));
        // The timeline ends three seconds after the last step with a time (+14 s): no bin at or past +17 s.
        assertThat(lines).noneSatisfy(l -> assertThat(l.trim()).startsWith("+17.00 s"));
    }

    private Path log() throws IOException {
        Path log = dir.resolve("service.log");
        Files.write(log, List.of(
                "2026-12-05T05:59:00.000Z  INFO 1 --- [ranking-service] [model-watcher] i.s.r.model.ModelWatcher : "
                        + "model v0 for the serving role fetched and verified in 10 ms, loaded and warmed in 20 ms",
                "2026-12-05T05:59:00.100Z  INFO 1 --- [ranking-service] [model-watcher] i.s.r.model.ModelScorer : "
                        + "serving model v0 on cpu",
                "2026-12-05T06:00:05.000Z  INFO 1 --- [ranking-service] [model-watcher] i.s.r.model.ModelWatcher : "
                        + "model v1-swap for the serving role fetched and verified in 1200 ms, loaded and warmed in "
                        + "800 ms",
                "2026-12-05T06:00:05.010Z  INFO 1 --- [ranking-service] [model-watcher] i.s.r.model.ModelScorer : "
                        + "serving model v1-swap on cpu (was v0, closed after its in-flight requests)"));
        return log;
    }
}
