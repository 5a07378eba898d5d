package io.streamrank.ranking.warmup;

import io.streamrank.ranking.features.FeatureStoreUnavailableException;
import io.streamrank.ranking.features.RedisConnection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The users whose requests warm the service up: real ones, so that retrieval takes every source's path (session and
 * co-visitation need recent items), found by {@code SCAN}ning the feature store's user keys a bounded number of times.
 * Only reads. On a Redis Cluster, whose {@code SCAN} is per node, and when Redis is down or holds no users, it returns
 * synthetic ids (the users' paths then go unwarmed, the rest of the request path does not).
 */
final class WarmupUsers {

    /** SCAN calls at most (of {@link KeyScan#COUNT} keys each): a bounded look, not a walk of the whole keyspace. */
    private static final int MAX_CALLS = 200;

    private WarmupUsers() {
    }

    /** The sample, and whether it holds real users. */
    record Sample(List<Long> ids, boolean real) {
    }

    static Sample sample(RedisConnection redis, int wanted) {
        if (!redis.isCluster()) {
            try {
                List<Long> found = scan(redis, wanted);
                if (!found.isEmpty()) {
                    return new Sample(found, true);
                }
            } catch (FeatureStoreUnavailableException e) {
                // Redis down at start-up: the warm-up still compiles the degraded path and the web layer.
            }
        }
        List<Long> synthetic = new ArrayList<>(wanted);
        for (long id = 1; id <= wanted; id++) {
            synthetic.add(id);
        }
        return new Sample(synthetic, false);
    }

    private static List<Long> scan(RedisConnection redis, int wanted) {
        String prefix = redis.keys().user(0).replaceFirst("0$", "");
        Set<Long> ids = new LinkedHashSet<>();
        KeyScan.walk(redis, prefix + "*", MAX_CALLS, key -> {
            parse(key.substring(prefix.length()), ids);
            return ids.size() < wanted;
        });
        return new ArrayList<>(ids);
    }

    private static void parse(String id, Set<Long> into) {
        try {
            into.add(Long.parseLong(id));
        } catch (NumberFormatException e) {
            // another key under the user prefix: not a user
        }
    }
}
