package io.streamrank.pipeline.bench;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * One operator in a test harness fed one case's stream ({@link HotKeyBench}): the watermark follows the events 2 s
 * behind, the processing-time clock moves one second every {@code flushEvery} events (the co-visitation flush tick;
 * de-duplication has no processing-time timer), and the operator's output is dropped as it comes.
 */
final class HotKeyDriver<I> implements AutoCloseable {

    /** How the stream around the events moves (see the class comment), and how long a round should take. */
    record Settings(int flushEvery, int watermarkEvery, long roundMs) {
    }

    private final HotKeyCases.Case<I> c;
    private final Settings settings;
    private final KeyedOneInputStreamOperatorTestHarness<Long, I, Object> h;
    private long next;
    private long processed;
    private long newest = Long.MIN_VALUE;
    private long processingTime;
    private long eventsPerRound;

    HotKeyDriver(HotKeyCases.Case<I> c, KeyedProcessFunction<Long, I, ?> function, StateBackend backend,
                 Settings settings) throws Exception {
        this.c = c;
        this.settings = settings;
        this.h = HotKeyBench.harness(c, function);
        h.setStateBackend(backend);
        h.open();
    }

    /** Feeds the case's prefill; returns the seconds it took. */
    double prefill() throws Exception {
        long start = System.nanoTime();
        feed(c.prefill());
        return (System.nanoTime() - start) / 1e9;
    }

    /** Runs events for about a round's time (JIT, caches); sets and returns the events of a measured round. */
    long warmUp() throws Exception {
        long start = System.nanoTime();
        long events = 0;
        long deadline = start + settings.roundMs() * 1_000_000L;
        while (events < 200 || System.nanoTime() < deadline) {
            feed(events(100));
            events += 100;
        }
        double perEvent = (System.nanoTime() - start) / (double) events;
        eventsPerRound = Math.max(200, Math.round(settings.roundMs() * 1e6 / perEvent / 100) * 100);
        return eventsPerRound;
    }

    /** One measured round; returns its microseconds per event. The events are made before the clock starts. */
    double round() throws Exception {
        List<I> events = events(eventsPerRound);
        long start = System.nanoTime();
        feed(events);
        return (System.nanoTime() - start) / 1e3 / events.size();
    }

    private List<I> events(long n) {
        List<I> out = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
            out.add(c.event(next++));
        }
        return out;
    }

    private void feed(List<I> events) throws Exception {
        for (I e : events) {
            long t = c.time(e);
            newest = Math.max(newest, t);
            h.processElement(e, t);
            processed++;
            if (processed % settings.watermarkEvery() == 0) {
                h.processWatermark(newest - 2_000L);
                h.getOutput().clear();
            }
            if (processed % settings.flushEvery() == 0) {
                processingTime += 1_000L;
                h.setProcessingTime(processingTime);
                h.getOutput().clear();
            }
        }
    }

    @Override
    public void close() throws Exception {
        h.close();
    }
}
