package io.streamrank.ranking.retrieval;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.ranking.features.RedisConnection;
import io.streamrank.ranking.features.RedisRound;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The Redis lists retrieval reads for one user, all in one round: co-visitation neighbours of the trigger items
 * ({@code cv:<item>}), trending items of the recent categories ({@code pop:c:<cat>}) and new items
 * ({@code cat:new:c:<cat>}, {@code cat:new}).
 */
@Component
class RetrievalStore {

    /** The lists, each best first; a list of lists is per trigger item or per category, in the order asked. */
    record Lists(List<List<Long>> coVisited, List<List<Long>> trending, List<List<Long>> newInCategories,
                 List<Long> newAnywhere) {
    }

    private final RedisConnection redis;
    private final RedisKeys keys;

    RetrievalStore(RedisConnection redis) {
        this.redis = redis;
        this.keys = redis.keys();
    }

    Supplier<Lists> read(List<Long> triggers, int coVisitedPerTrigger, List<Long> categories, int trendingPerCategory,
                         int newItems, long newSince) {
        if ((triggers.isEmpty() || coVisitedPerTrigger <= 0) && (categories.isEmpty() || trendingPerCategory <= 0)
                && newItems <= 0) {
            return () -> new Lists(List.of(), List.of(), List.of(), List.of());
        }
        RedisRound round = redis.round();
        List<RedisRound.Reply<List<String>>> cv = new ArrayList<>();
        if (coVisitedPerTrigger > 0) {
            triggers.forEach(t -> cv.add(round.add(c -> c.zrevrange(keys.coVisitation(t), 0, coVisitedPerTrigger - 1))));
        }
        List<RedisRound.Reply<List<String>>> trending = new ArrayList<>();
        if (trendingPerCategory > 0) {
            categories.forEach(cat -> trending.add(
                    round.add(c -> c.zrevrange(keys.popularCategory(cat), 0, trendingPerCategory - 1))));
        }
        List<RedisRound.Reply<List<String>>> fresh = new ArrayList<>();
        RedisRound.Reply<List<String>> anywhere = null;
        if (newItems > 0) {
            Range<Long> window = Range.from(Range.Boundary.excluding(newSince), Range.Boundary.unbounded());
            Limit limit = Limit.create(0, newItems);
            categories.forEach(cat -> fresh.add(
                    round.add(c -> c.zrevrangebyscore(keys.newItemsInCategory(cat), window, limit))));
            anywhere = round.add(c -> c.zrevrangebyscore(keys.newItems(), window, limit));
        }
        RedisRound.Reply<List<String>> all = anywhere;
        return () -> {
            round.await();
            return new Lists(each(cv), each(trending), each(fresh), all == null ? List.of() : ids(all.get()));
        };
    }

    private static List<List<Long>> each(List<RedisRound.Reply<List<String>>> replies) {
        List<List<Long>> out = new ArrayList<>(replies.size());
        replies.forEach(r -> out.add(ids(r.get())));
        return out;
    }

    private static List<Long> ids(List<String> members) {
        List<Long> out = new ArrayList<>(members.size());
        for (String m : members) {
            try {
                out.add(Long.valueOf(m));
            } catch (NumberFormatException e) {
                // a foreign member in one of our sets is ignored rather than failing the request
            }
        }
        return out;
    }
}
