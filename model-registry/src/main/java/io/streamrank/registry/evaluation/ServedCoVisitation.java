package io.streamrank.registry.evaluation;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.features.CoVisitState;
import io.streamrank.contract.features.FeatureNames;
import io.streamrank.contract.features.SessionClicks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The served co-visitation lists {@code cv:<item>}, replayed: the feature job's pairs (the contract's
 * {@link SessionClicks}: other items within the session gap among the user's last few) counted in the contract's
 * {@link CoVisitState} (24 h sliding window), of which the job writes the strongest
 * {@link FeatureNames#COVISIT_MAX_NEIGHBOURS}. Unlike {@link CoVisitation} (the kNN baseline: all-time counts over
 * the user's previous ten interactions), this is what the service's co-visitation source reads.
 */
final class ServedCoVisitation {

    private final Map<Long, SessionClicks> sessions = new HashMap<>();
    private final Map<Long, CoVisitState> items = new HashMap<>();

    /** Applies one event, as the job does; events arrive in time order. */
    void observe(ClickEvent e) {
        if (!e.type().isInteraction()) {
            return;
        }
        long item = e.itemId();
        SessionClicks session = sessions.computeIfAbsent(e.userId(), u -> new SessionClicks());
        if (session.expiredAt(e.timestamp())) {
            // What the job's cleanup timer does once the gap has passed: nothing in it can pair any more.
            session = new SessionClicks();
            sessions.put(e.userId(), session);
        }
        session.add(e, (neighbour, at) -> {
            items.computeIfAbsent(item, i -> new CoVisitState()).add(neighbour, at, e.timestamp());
            items.computeIfAbsent(neighbour, i -> new CoVisitState()).add(item, at, e.timestamp());
        });
    }

    /**
     * The first {@code n} of the item's list as the service reads it at {@code t}: the job writes the 50 strongest
     * ({@link CoVisitState#top}: ties to the smaller id) and the service reads them with {@code ZREVRANGE} (ties in
     * reverse order of the members' strings).
     */
    List<Long> neighbours(long item, long t, int n) {
        CoVisitState s = items.get(item);
        List<long[]> written = new ArrayList<>();
        if (s != null) {
            s.top(t, FeatureNames.COVISIT_MAX_NEIGHBOURS, (nb, count) -> written.add(new long[] {nb, count}));
        }
        written.sort(LastHour.AS_ZREVRANGE);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < written.size() && i < n; i++) {
            out.add(written.get(i)[0]);
        }
        return out;
    }
}
