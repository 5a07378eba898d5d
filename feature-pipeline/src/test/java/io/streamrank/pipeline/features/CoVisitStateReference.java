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
 * The co-visitation operator as it was until ADR 80, kept as the reference {@link CoVisitParityTest} holds
 * {@link CoVisitFunction} to: {@link FeatureFunction} (the protocol the user and item operators still use) driving
 * the contract's {@link CoVisitState} in one {@code ValueState}, as the offline evaluation in model-registry does.
 */
final class CoVisitStateReference extends FeatureFunction<CoVisit, CoVisitStateReference.Item> {

    private static final long serialVersionUID = 1L;

    CoVisitStateReference(String keyPrefix, Duration flushInterval) {
        super(new Logic(keyPrefix), Item.class, "covisit", flushInterval, true);
    }

    /** One item's state: the contract's state machine. A Flink POJO. */
    public static class Item extends FeatureState {

        public CoVisitState visits = new CoVisitState();

        public Item() {
        }
    }

    private static final class Logic implements FeatureLogic<CoVisit, Item> {

        private static final long serialVersionUID = 1L;

        private final RedisKeys keys;

        Logic(String keyPrefix) {
            this.keys = new RedisKeys(keyPrefix);
        }

        @Override
        public Item newState() {
            return new Item();
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
        public void apply(Item s, CoVisit v) {
            s.visits.add(v.neighbour, v.timestamp, s.clock);
        }

        @Override
        public void expiries(CoVisit v, WindowTimer out) {
            out.accept(0, CoVisitState.expiryOf(v.timestamp));
        }

        @Override
        public int evict(Item s, long asOf) {
            return s.visits.evict(asOf) ? 1 : 0;
        }

        @Override
        public void values(long itemId, Item s, int values, long updatedAt, Consumer<RedisWrite> out) {
            List<String> members = new ArrayList<>();
            List<Double> scores = new ArrayList<>();
            s.visits.top(s.clock, FeatureNames.COVISIT_MAX_NEIGHBOURS, (nb, count) -> {
                members.add(Long.toString(nb));
                scores.add((double) count);
            });
            out.accept(RedisWrite.zreplace(keys.coVisitation(itemId), members.toArray(new String[0]),
                    scores.stream().mapToDouble(Double::doubleValue).toArray(),
                    FeatureNames.COVISIT_KEY_TTL.toMillis()));
        }
    }
}
