package io.streamrank.pipeline.features;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.features.FeatureNames;
import io.streamrank.contract.features.SessionClicks;
import java.io.IOException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
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
    private static final long MINUTE = 60_000L;
    private static final long GAP_MS = FeatureNames.COVISIT_GAP.toMillis();

    private transient ValueState<SessionClicks> session;

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<SessionClicks> descriptor = new ValueStateDescriptor<>("session", SessionClicks.class);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(FeatureNames.COVISIT_GAP.multipliedBy(4)).build());
        session = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(ClickEvent e, Context ctx, Collector<CoVisit> out) throws IOException {
        if (!e.type().isInteraction()) {
            return;
        }
        SessionClicks s = session.value();
        if (s == null) {
            s = new SessionClicks();
        }
        long item = e.itemId();
        long t = e.timestamp();
        s.add(e, nb -> {
            out.collect(new CoVisit(item, nb, t));
            out.collect(new CoVisit(nb, item, t));
        });
        session.update(s);
        ctx.timerService().registerEventTimeTimer(Math.floorDiv(t, MINUTE) * MINUTE + MINUTE + GAP_MS);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CoVisit> out) throws IOException {
        SessionClicks s = session.value();
        if (s != null && s.expiredAt(timestamp)) {
            session.clear();
        }
    }
}
