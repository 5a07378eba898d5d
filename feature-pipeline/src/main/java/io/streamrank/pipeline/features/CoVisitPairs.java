package io.streamrank.pipeline.features;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.features.FeatureNames;
import java.io.IOException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by user: turns each interaction into co-visitation pairs with the user's other recent items
 * ({@link SessionClicks}), in both directions, for {@link CoVisitFunction} keyed by item. The session state is cleared
 * once nothing in it can pair any more.
 */
public final class CoVisitPairs extends KeyedProcessFunction<Long, ClickEvent, CoVisit> {

    private static final long serialVersionUID = 1L;
    /** Cleanup timers sit on a 10-minute grid: one pending per user, re-registered only as it moves. */
    private static final long GRID = 600_000L;
    private static final long GAP_MS = FeatureNames.COVISIT_GAP.toMillis();

    /** How far behind the watermark an event may still arrive and count (the job's allowed lateness). */
    private final long latenessMs;
    private transient ValueState<SessionState> session;

    public CoVisitPairs() {
        this(java.time.Duration.ZERO);
    }

    /**
     * @param allowedLateness the session is kept this much longer after its gap, so that an event still accepted as
     *                        late pairs with it, as it would have on time
     */
    public CoVisitPairs(java.time.Duration allowedLateness) {
        this.latenessMs = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<SessionState> descriptor = new ValueStateDescriptor<>("session", SessionState.class);
        descriptor.enableTimeToLive(FeatureFunction.ttl(FeatureNames.COVISIT_GAP.multipliedBy(4)));
        session = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(ClickEvent e, Context ctx, Collector<CoVisit> out) throws IOException {
        if (!e.type().isInteraction()) {
            return;
        }
        SessionState s = session.value();
        if (s == null) {
            s = new SessionState();
        }
        long item = e.itemId();
        long t = e.timestamp();
        s.clicks.add(e, (nb, at) -> {
            out.collect(new CoVisit(item, nb, at));
            out.collect(new CoVisit(nb, item, at));
        });
        long cleanup = Math.floorDiv(t + GAP_MS + latenessMs, GRID) * GRID + GRID;
        if (cleanup > s.cleanupTimer) {
            s.cleanupTimer = cleanup;
            ctx.timerService().registerEventTimeTimer(cleanup);
        }
        session.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CoVisit> out) throws IOException {
        SessionState s = session.value();
        if (s != null && s.clicks.expiredAt(timestamp - latenessMs)) {
            session.clear();
        }
    }
}
