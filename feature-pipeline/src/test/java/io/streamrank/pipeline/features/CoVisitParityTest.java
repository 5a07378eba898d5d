package io.streamrank.pipeline.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.pipeline.KeyedHarness;
import io.streamrank.pipeline.KeyedHarness.Backend;
import io.streamrank.pipeline.redis.RedisWrite;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A property test: for random streams of co-visits that stay under the cap (at most
 * {@link io.streamrank.contract.features.CoVisitState#MAX_TRACKED} neighbours per item), interleaved with watermarks
 * and flush ticks, {@link CoVisitFunction} writes exactly what the operator before ADR 80 wrote: the contract's
 * {@code CoVisitState}, which the offline evaluation replays to mirror the job ({@link CoVisitStateReference}) —
 * every write, in order, with its members, scores, TTL and event time, and both end with no state.
 */
class CoVisitParityTest {

    private static final long HOUR = 3_600_000L;
    private static final long MIN = 60_000L;
    private static final long T0 = 1_764_547_200_000L;
    private static final long TICK = 1_000L;

    @ParameterizedTest(name = "{0}: {1} random streams")
    @CsvSource({"HEAP, 300", "ROCKSDB, 25"})
    void underTheCapTheJobWritesExactlyWhatTheContractsStatePublishes(Backend backend, int streams) throws Exception {
        for (int seed = 0; seed < streams; seed++) {
            Random random = new Random(seed);
            try (var job = KeyedHarness.open(new CoVisitFunction("p:", Duration.ofMillis(TICK), true),
                    (CoVisit v) -> v.item, backend, null);
                 var reference = KeyedHarness.open(new CoVisitStateReference("p:", Duration.ofMillis(TICK)),
                         (CoVisit v) -> v.item, backend, null)) {
                replay(random, List.of(job, reference));
                assertThat(writes(job)).as("seed %d", seed).isNotEmpty().isEqualTo(writes(reference));
                assertThat(KeyedHarness.keysWithState(job, CoVisitFunction.itemState().getName(),
                        CoVisitFunction.neighboursState().getName())).isZero();
                assertThat(KeyedHarness.keysWithState(reference, "covisit")).isZero();
                assertThat(job.numEventTimeTimers()).isZero();
                assertThat(job.numProcessingTimeTimers()).isZero();
            }
        }
    }

    /**
     * Feeds both harnesses one random stream: 1–3 items, each with up to 1,000 neighbours drawn unevenly (so counts
     * differ and tie), event times moving by seconds to days with some co-visits late by up to a day and a half (a few
     * of them too late for the window), watermarks behind the newest event, flush ticks now and then; at the end a
     * watermark past every window, which ends every item.
     */
    private static void replay(Random random, List<KeyedOneInputStreamOperatorTestHarness<Long, CoVisit, RedisWrite>>
            harnesses) throws Exception {
        int items = 1 + random.nextInt(3);
        int pool = random.nextInt(4) == 0 ? 1_000 : 1 + random.nextInt(1_000);
        int events = 50 + random.nextInt(2_000);
        long now = T0 + random.nextInt((int) HOUR);
        long newest = now;
        long watermark = Long.MIN_VALUE;
        long processingTime = 0;
        for (int i = 0; i < events; i++) {
            int gap = random.nextInt(100);
            now += gap < 90 ? random.nextInt((int) MIN) : gap < 98 ? random.nextInt((int) HOUR) : random.nextInt(
                    (int) (30 * HOUR));
            int late = random.nextInt(20);
            long t = late < 17 ? now : late < 19 ? now - random.nextInt((int) (2 * HOUR)) : now - random.nextInt(
                    (int) (36 * HOUR));
            newest = Math.max(newest, t);
            CoVisit v = new CoVisit(1 + random.nextInt(items),
                    1 + (long) (pool * Math.pow(random.nextDouble(), 2)), t);
            for (var h : harnesses) {
                h.processElement(new CoVisit(v.item, v.neighbour, v.timestamp), t);
            }
            if (random.nextInt(10) == 0) {
                long w = newest - random.nextInt((int) (3 * HOUR));
                if (w > watermark) {
                    watermark = w;
                    for (var h : harnesses) {
                        h.processWatermark(watermark);
                    }
                }
            }
            if (random.nextInt(8) == 0) {
                processingTime += TICK * (1 + random.nextInt(3));
                for (var h : harnesses) {
                    h.setProcessingTime(processingTime);
                }
            }
        }
        for (var h : harnesses) {
            h.setProcessingTime(processingTime + TICK);
            h.processWatermark(newest + 50 * HOUR);
            h.setProcessingTime(processingTime + 2 * TICK);
        }
    }

    private static List<String> writes(KeyedOneInputStreamOperatorTestHarness<Long, CoVisit, RedisWrite> h) {
        return h.extractOutputValues().stream().map(w -> w + " ttl=" + w.ttlMs + " at=" + w.eventTime).toList();
    }
}
