package io.streamrank.registry.pairs;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.features.RecentItem;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Draws negative items from what has been seen before the current event (never from the future), from three pools
 * that mirror what serving retrieves: the user's own recent items (so the model learns which of them come back),
 * items of the positive's category (so it must learn more than "this category is popular") and items weighted by
 * popularity (the global candidates). The first draw of each interaction comes from the user's recent items, the next
 * {@code k/2 - 1} from the category and the rest by popularity; an empty pool falls back to popularity.
 */
final class NegativeSampler {

    /** Draws that hit the positive item itself are retried this often before that negative is given up. */
    private static final int MAX_TRIES = 8;

    /** One entry per interaction: a uniform draw from it is a draw weighted by interaction count. */
    private final LongList popularity = new LongList();
    private final Map<Long, LongList> itemsByCategory = new HashMap<>();
    private final Map<Long, Long> categoryOfItem = new HashMap<>();
    private final Random random;

    NegativeSampler(long seed) {
        this.random = new Random(seed);
    }

    /** Records an interaction so later events can draw its item. */
    void observe(ClickEvent e) {
        popularity.add(e.itemId());
        if (categoryOfItem.put(e.itemId(), e.categoryId()) == null) {
            itemsByCategory.computeIfAbsent(e.categoryId(), c -> new LongList()).add(e.itemId());
        }
    }

    /** Category of an item as last seen, or 0 when unknown. */
    long categoryOf(long itemId) {
        return categoryOfItem.getOrDefault(itemId, 0L);
    }

    /** Up to {@code k} negatives for {@code positive}, with replacement; fewer (possibly none) early in the replay. */
    long[] sample(long positive, long category, List<RecentItem> recent, int k) {
        long[] out = new long[k];
        int n = 0;
        LongList sameCategory = itemsByCategory.get(category);
        for (int i = 0; i < k; i++) {
            long item = 0;
            if (i == 0 && k > 1) {
                item = drawRecent(recent, positive);
            } else if (i < k / 2 && sameCategory != null) {
                item = draw(sameCategory, positive);
            }
            if (item == 0) {
                item = draw(popularity, positive);
            }
            if (item != 0) {
                out[n++] = item;
            }
        }
        return n == k ? out : Arrays.copyOf(out, n);
    }

    private long drawRecent(List<RecentItem> recent, long exclude) {
        if (recent.isEmpty()) {
            return 0;
        }
        for (int t = 0; t < MAX_TRIES; t++) {
            long item = recent.get(random.nextInt(recent.size())).itemId();
            if (item != exclude && categoryOfItem.containsKey(item)) {
                return item;
            }
        }
        return 0;
    }

    private long draw(LongList pool, long exclude) {
        if (pool.size() == 0) {
            return 0;
        }
        for (int t = 0; t < MAX_TRIES; t++) {
            long item = pool.get(random.nextInt(pool.size()));
            if (item != exclude) {
                return item;
            }
        }
        return 0;
    }
}
