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
 * every write, in order, with its members, scores, TTL and event time, and both end with no state. Items cross the
 * bound of the neighbours kept inline ({@link CoVisitNeighbours#INLINE_LONGS}) in both tests; the second holds items
 * below, at and just past it first, then lets their buckets grow.
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
            check(backend, seed, stream -> {
                Random random = stream.random;
                int items = 1 + random.nextInt(3);
                int pool = random.nextInt(4) == 0 ? 1_000 : 1 + random.nextInt(1_000);
                stream.randomWalk(items, pool, 50 + random.nextInt(2_000));
            });
        }
    }

    @ParameterizedTest(name = "{0}: {1} random streams")
    @CsvSource({"HEAP, 200", "ROCKSDB, 20"})
    void itemsBelowAtAndPastTheInlineBoundPublishTheSame(Backend backend, int streams) throws Exception {
        int[] below = new int[1];
        int[] at = new int[1];
        int[] past = new int[1];
        for (int seed = 0; seed < streams; seed++) {
            check(backend, seed, stream -> {
                Random random = stream.random;
                int items = 1 + random.nextInt(3);
                int[] pools = new int[items];
                for (int i = 0; i < items; i++) {
                    // One bucket each, 32 neighbours are exactly at the bound.
                    pools[i] = CoVisitNeighbours.INLINE_LONGS / 3 - 4 + random.nextInt(8);
                }
                // Within one hour bucket: each neighbour takes three longs inline.
                for (int i = 0, n = items * (100 + random.nextInt(200)); i < n; i++) {
                    int item = random.nextInt(items);
                    long t = T0 + random.nextInt((int) HOUR);
                    stream.visit(1 + item, 1 + random.nextInt(pools[item]), t);
                }
                for (int item = 1; item <= items; item++) {
                    CoVisitItemState s = KeyedHarness.value(stream.harnesses.get(0), CoVisitFunction.itemState(),
                            item);
                    int[] count = s.inline == null ? past : s.inline.length == CoVisitNeighbours.INLINE_LONGS ? at
                            : below;
                    count[0]++;
                }
                // Then more buckets, more neighbours, windows sliding: inline items grow past the bound by size.
                stream.randomWalk(items, 1 + random.nextInt(60), 50 + random.nextInt(300));
            });
        }
        assertThat(below[0]).as("items below the bound").isPositive();
        assertThat(at[0]).as("items at the bound").isPositive();
        assertThat(past[0]).as("items past the bound").isPositive();
    }

    /** Replays one stream through the job and the reference; they must write the same and end without state. */
    private static void check(Backend backend, int seed, Replay replay) throws Exception {
        try (var job = KeyedHarness.open(new CoVisitFunction("p:", Duration.ofMillis(TICK), true),
                (CoVisit v) -> v.item, backend, null);
             var reference = KeyedHarness.open(new CoVisitStateReference("p:", Duration.ofMillis(TICK)),
                     (CoVisit v) -> v.item, backend, null)) {
            Stream stream = new Stream(new Random(seed), List.of(job, reference));
            replay.into(stream);
            stream.end();
            assertThat(writes(job)).as("seed %d", seed).isNotEmpty().isEqualTo(writes(reference));
            assertThat(KeyedHarness.keysWithState(job, CoVisitFunction.itemState().getName(),
                    CoVisitFunction.neighboursState().getName())).isZero();
            assertThat(KeyedHarness.keysWithState(reference, "covisit")).isZero();
            assertThat(job.numEventTimeTimers()).isZero();
            assertThat(job.numProcessingTimeTimers()).isZero();
        }
    }

    private interface Replay {
        void into(Stream stream) throws Exception;
    }

    /** Both harnesses fed the same co-visits, watermarks behind the newest event and flush ticks now and then. */
    private static final class Stream {

        final Random random;
        final List<KeyedOneInputStreamOperatorTestHarness<Long, CoVisit, RedisWrite>> harnesses;
        long newest = T0;
        long watermark = Long.MIN_VALUE;
        long processingTime;

        Stream(Random random, List<KeyedOneInputStreamOperatorTestHarness<Long, CoVisit, RedisWrite>> harnesses) {
            this.random = random;
            this.harnesses = harnesses;
        }

        /**
         * {@code events} co-visits of items 1–{@code items} with neighbours up to {@code pool}, drawn unevenly (so
         * counts differ and tie), event times moving on from the newest by seconds to days with some co-visits late
         * by up to a day and a half (a few of them too late for the window).
         */
        void randomWalk(int items, int pool, int events) throws Exception {
            long now = newest + random.nextInt((int) HOUR);
            for (int i = 0; i < events; i++) {
                int gap = random.nextInt(100);
                now += gap < 90 ? random.nextInt((int) MIN) : gap < 98 ? random.nextInt((int) HOUR)
                        : random.nextInt((int) (30 * HOUR));
                int late = random.nextInt(20);
                long t = late < 17 ? now : late < 19 ? now - random.nextInt((int) (2 * HOUR))
                        : now - random.nextInt((int) (36 * HOUR));
                visit(1 + random.nextInt(items), 1 + (long) (pool * Math.pow(random.nextDouble(), 2)), t);
            }
        }

        void visit(long item, long neighbour, long t) throws Exception {
            newest = Math.max(newest, t);
            for (var h : harnesses) {
                h.processElement(new CoVisit(item, neighbour, t), t);
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

        /** A last flush tick, a watermark past every window (which ends every item) and its flush tick. */
        void end() throws Exception {
            for (var h : harnesses) {
                h.setProcessingTime(processingTime + TICK);
                h.processWatermark(newest + 50 * HOUR);
                h.setProcessingTime(processingTime + 2 * TICK);
            }
        }
    }

    private static List<String> writes(KeyedOneInputStreamOperatorTestHarness<Long, CoVisit, RedisWrite> h) {
        return h.extractOutputValues().stream().map(w -> w + " ttl=" + w.ttlMs + " at=" + w.eventTime).toList();
    }
}
