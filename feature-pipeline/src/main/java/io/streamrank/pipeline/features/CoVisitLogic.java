package io.streamrank.pipeline.features;

import io.streamrank.contract.features.CoVisitState;
import io.streamrank.contract.features.FeatureNames;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.pipeline.redis.RedisWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Per item: co-visit counts per neighbour over 24 h, written as the sorted set {@code cv:<item>}: the
 * {@link FeatureNames#COVISIT_MAX_NEIGHBOURS} strongest neighbours scored by count. Every write replaces the whole set
 * atomically, so Redis holds exactly the current top list whatever writes were lost or repeated before.
 */
public final class CoVisitLogic implements FeatureLogic<CoVisit, CoVisitItemState> {

    private static final long serialVersionUID = 1L;

    private final RedisKeys keys;

    public CoVisitLogic(String keyPrefix) {
        this.keys = new RedisKeys(keyPrefix);
    }

    @Override
    public CoVisitItemState newState() {
        return new CoVisitItemState();
    }

    @Override
    public long eventTime(CoVisit v) {
        return v.timestamp;
    }

    @Override
    public long cleanupTime(long newestEventTime) {
        return CoVisitState.expiryOf(newestEventTime);
    }

    @Override
    public Duration stateTtl() {
        return FeatureNames.COVISIT_WINDOW.plus(FeatureNames.COVISIT_BUCKET);
    }

    @Override
    public int allValues() {
        return 1;
    }

    @Override
    public void apply(CoVisitItemState s, CoVisit v) {
        s.visits.add(v.neighbour, v.timestamp, s.clock);
    }

    @Override
    public void expiries(CoVisit v, WindowTimer out) {
        out.accept(0, CoVisitState.expiryOf(v.timestamp));
    }

    @Override
    public int evict(CoVisitItemState s, long asOf) {
        return s.visits.evict(asOf) ? 1 : 0;
    }

    @Override
    public void values(long itemId, CoVisitItemState s, int values, long updatedAt, Consumer<RedisWrite> out) {
        List<String> members = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        s.visits.top(s.clock, FeatureNames.COVISIT_MAX_NEIGHBOURS, (nb, count) -> {
            members.add(Long.toString(nb));
            scores.add((double) count);
        });
        out.accept(RedisWrite.zreplace(keys.coVisitation(itemId), members.toArray(new String[0]),
                scores.stream().mapToDouble(Double::doubleValue).toArray(), FeatureNames.COVISIT_KEY_TTL.toMillis()));
    }
}
