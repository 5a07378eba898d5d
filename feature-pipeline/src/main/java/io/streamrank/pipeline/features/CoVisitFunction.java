package io.streamrank.pipeline.features;

import java.time.Duration;

/** Keyed by item: {@link CoVisitLogic} driven by {@link FeatureFunction} (writes {@code cv:<item>}). */
public final class CoVisitFunction extends FeatureFunction<CoVisit, CoVisitItemState> {

    private static final long serialVersionUID = 1L;

    public CoVisitFunction(String keyPrefix, Duration flushInterval, boolean slideWrites) {
        super(new CoVisitLogic(keyPrefix), CoVisitItemState.class, "covisit", flushInterval, slideWrites);
    }
}
