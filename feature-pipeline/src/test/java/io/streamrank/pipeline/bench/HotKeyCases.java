package io.streamrank.pipeline.bench;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import io.streamrank.pipeline.features.CoVisit;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;

/**
 * The streams {@link HotKeyBench} drives through the keyed operators: one key each, first filled with the state it is
 * measured at (not timed), then fed the measured events. A cold key keeps a few entries; a hot key holds its state at
 * the size the operator allows at most, as a flash-sale item or a bot does.
 */
final class HotKeyCases {

    static final long HOUR = 3_600_000L;
    /** The newest hour bucket's start: every measured co-visit falls into it (no window leaves while measured). */
    static final long BASE = 1_764_547_200_000L;
    /** Measured event times cycle within this span of the newest bucket, however many events a run takes. */
    private static final long SPAN_MS = 3_000_000L;

    private HotKeyCases() {
    }

    /** One operator and one key's stream for it. */
    interface Case<I> {

        String name();

        /** The operator of the given build. */
        KeyedProcessFunction<Long, I, ?> function(HotKeyBench.Build build);

        /** The operator's key (a serializable lambda: the harness writes it into the operator's configuration). */
        KeySelector<I, Long> keySelector();

        long time(I input);

        /** The events that build the key's state before it is measured, in order. */
        List<I> prefill();

        /** The {@code i}-th measured event (0, 1, …; every round goes on where the last one stopped). */
        I event(long i);
    }

    static List<Case<?>> all(int neighbours, int buckets, int ids) {
        return List.of(
                coVisit("covisit cold: 10 neighbours, 1 bucket", 10, 1, i -> 1 + i % 10),
                coVisit("covisit hot: %,d neighbours x %d buckets".formatted(neighbours, buckets), neighbours, buckets,
                        i -> 1 + i % neighbours),
                coVisit("covisit hot, a new neighbour each event", neighbours, buckets,
                        i -> 10_000_000L + i),
                dedup("dedup cold: ~16 ids in the retention", 16, 225_000L),
                dedup("dedup hot: %,d ids, a new one each event".formatted(ids), ids, 1L));
    }

    /** Item 1 with {@code neighbours} × {@code buckets} entries; measured events go to {@code neighbour(i)}. */
    private static Case<CoVisit> coVisit(String name, int neighbours, int buckets, Function<Long, Long> neighbour) {
        return new Case<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public KeyedProcessFunction<Long, CoVisit, ?> function(HotKeyBench.Build build) {
                return build.coVisit().get();
            }

            @Override
            public KeySelector<CoVisit, Long> keySelector() {
                return v -> v.item;
            }

            @Override
            public long time(CoVisit v) {
                return v.timestamp;
            }

            @Override
            public List<CoVisit> prefill() {
                CoVisit[] events = new CoVisit[neighbours * buckets];
                for (int b = 0; b < buckets; b++) {
                    for (int n = 0; n < neighbours; n++) {
                        events[b * neighbours + n] = new CoVisit(1, 1 + n, BASE - (buckets - 1 - b) * HOUR + n);
                    }
                }
                return List.of(events);
            }

            @Override
            public CoVisit event(long i) {
                return new CoVisit(1, neighbour.apply(i), BASE + i % SPAN_MS);
            }
        };
    }

    /** User 1 with {@code remembered} ids {@code spacingMs} apart; every measured event is a new id. */
    private static Case<ClickEvent> dedup(String name, int remembered, long spacingMs) {
        return new Case<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public KeyedProcessFunction<Long, ClickEvent, ?> function(HotKeyBench.Build build) {
                return build.dedup().get();
            }

            @Override
            public KeySelector<ClickEvent, Long> keySelector() {
                return ClickEvent::userId;
            }

            @Override
            public long time(ClickEvent e) {
                return e.timestamp();
            }

            @Override
            public List<ClickEvent> prefill() {
                ClickEvent[] events = new ClickEvent[remembered];
                for (int i = 0; i < remembered; i++) {
                    events[i] = click("p" + i, BASE + i * spacingMs);
                }
                return List.of(events);
            }

            @Override
            public ClickEvent event(long i) {
                return click("e" + i, BASE + (remembered + i) * spacingMs);
            }
        };
    }

    private static ClickEvent click(String id, long t) {
        return new ClickEvent(id, 1L, 7L, 3L, EventType.CLICK, t);
    }
}
