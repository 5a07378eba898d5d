package io.streamrank.pipeline.features;

import io.streamrank.contract.features.SessionClicks;

/** Keyed state of {@link CoVisitPairs}: the user's session and its pending cleanup timer. A Flink POJO. */
public class SessionState {

    public SessionClicks clicks = new SessionClicks();
    /** Newest cleanup timer registered. */
    public long cleanupTimer = Long.MIN_VALUE;

    public SessionState() {
    }
}
