package io.streamrank.registry.pairs;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.UserFeatures;
import java.util.List;

/**
 * Builds point-in-time training pairs. Events are replayed in time order; the rows of every interaction at time
 * {@code t} are computed from the state built from events strictly before {@code t}, exactly what serving sees when it
 * ranks the next item, so no row can contain the event it is labelled by, an event of the same instant, or anything
 * later. A user's first interaction is kept (with empty user features): serving ranks for such users too.
 *
 * <p>Interactions with an item never seen before are not used as positives. Negatives are drawn from seen items, so
 * such pairs would teach the model that "an untrained item" means "will be clicked" (every cold positive against warm
 * negatives), and at serving time it would then rank unknown items first. Cold items get their chance through
 * retrieval and business rules instead. A seen item whose value has expired (no event for hours) is used, with its
 * features missing, as the service would read it: positives and negatives alike then carry both values of
 * {@code item_has_features}.
 *
 * <p>The events are those the feature job applied: {@code EventLog} has already dropped what the job drops (late
 * events, repeated event ids; ADR 81), which only the files' arrival order can tell.
 */
public final class PairBuilder {

    private PairBuilder() {
    }

    /**
     * @param events    events sorted by timestamp
     * @param negatives negatives drawn per interaction (each gives one pair with the same positive row)
     * @param seed      seeds the negative sampler, so the same input yields the same pairs
     * @param maxPairs  keep only the newest this many pairs, or 0 for all
     */
    public static TrainingPairs build(List<ClickEvent> events, int negatives, long seed, int maxPairs) {
        FeatureReplay replay = new FeatureReplay();
        NegativeSampler sampler = new NegativeSampler(seed);
        PairBuffer buffer = new PairBuffer(maxPairs);
        int from = 0;
        while (from < events.size()) {
            long t = events.get(from).timestamp();
            int to = from;
            while (to < events.size() && events.get(to).timestamp() == t) {
                to++;
            }
            // All events of one instant are labelled from the state before it, then applied together.
            for (int i = from; i < to; i++) {
                ClickEvent e = events.get(i);
                if (e.type().isInteraction()) {
                    addPairs(e, replay, sampler, negatives, buffer);
                }
            }
            for (int i = from; i < to; i++) {
                ClickEvent e = events.get(i);
                if (e.type().isInteraction()) {
                    sampler.observe(e);
                }
                replay.apply(e);
            }
            from = to;
        }
        return buffer.toPairs();
    }

    private static void addPairs(ClickEvent e, FeatureReplay replay, NegativeSampler sampler, int negatives,
                                 PairBuffer buffer) {
        long t = e.timestamp();
        if (!replay.seen(e.itemId())) {
            return; // never seen before: no method could have recommended it
        }
        // Possibly MISSING (its value expired): the service scores such candidates too, and the model must learn
        // what a missing value means rather than see item_has_features = 1 in every row.
        ItemFeatures positiveItem = replay.item(e.itemId(), t);
        UserFeatures user = replay.user(e.userId(), t);
        long[] sampled = sampler.sample(e.itemId(), e.categoryId(), user.recent(), negatives);
        for (long item : sampled) {
            buffer.add(e.userId(), user, positiveItem, e.itemId(), e.categoryId(), replay.item(item, t), item,
                    sampler.categoryOf(item), t);
        }
    }
}
