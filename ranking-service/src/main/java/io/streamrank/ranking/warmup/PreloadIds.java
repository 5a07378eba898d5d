package io.streamrank.ranking.warmup;

import io.streamrank.contract.features.RedisKeys;
import io.streamrank.ranking.cache.Preloaded;
import io.streamrank.ranking.features.RedisConnection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the warm-up preloads (ADR 57): the served model's items first (what the ANN sources find), then the other
 * items the feature store holds values or catalog entries for, up to {@code preload-items} in all; and the categories
 * that have a trending list. Found with one bounded {@code SCAN} of the key prefix ({@value #MAX_CALLS} calls of
 * {@link KeyScan#COUNT} keys at most): the items outside the model are the ones shoppers' recent clicks bring in as
 * trigger items, whose co-visitation lists a request would otherwise read after the user's round.
 */
final class PreloadIds {

    /** A walk of up to two million keys (the benchmark's whole prefix took 1.4 s here, 127,651 items found). */
    static final int MAX_CALLS = 2000;

    private PreloadIds() {
    }

    static Preloaded.Ids gather(RedisConnection redis, long[] modelItems, int maxItems) {
        Set<Long> items = new LinkedHashSet<>();
        for (long id : modelItems) {
            if (items.size() >= maxItems) {
                break;
            }
            items.add(id);
        }
        Set<Long> categories = new LinkedHashSet<>();
        RedisKeys keys = redis.keys();
        String itemPrefix = keys.itemKeyPrefix();
        String catalogPrefix = keys.catalogItemKeyPrefix();
        String categoryPrefix = keys.popularCategoryKeyPrefix();
        KeyScan.walk(redis, keys.pattern(), MAX_CALLS, key -> {
            String prefix = key.startsWith(itemPrefix) ? itemPrefix : key.startsWith(catalogPrefix) ? catalogPrefix : null;
            if (prefix != null) {
                long id = RedisKeys.idAfter(key, prefix);
                if (id >= 0 && items.size() < maxItems) {
                    items.add(id);
                }
            } else if (key.startsWith(categoryPrefix)) {
                long id = RedisKeys.idAfter(key, categoryPrefix);
                if (id >= 0) {
                    categories.add(id);
                }
            }
            return true;
        });
        return new Preloaded.Ids(toArray(items), toArray(categories));
    }

    private static long[] toArray(Set<Long> ids) {
        long[] out = new long[ids.size()];
        int i = 0;
        for (long id : ids) {
            out[i++] = id;
        }
        return out;
    }
}
