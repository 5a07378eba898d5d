package io.streamrank.registry.pairs;

import io.streamrank.contract.event.ClickEvent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Draws negative items from what has been seen before the current event (never from the future). Half the draws come
 * from the positive's own category, so the model must learn more than "this category is popular"; the rest are
 * popularity-weighted, which matches the candidates a serving-time retriever would offer.
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
    long[] sample(long positive, long category, int k) {
        long[] out = new long[k];
        int n = 0;
        LongList sameCategory = itemsByCategory.get(category);
        for (int i = 0; i < k; i++) {
            boolean fromCategory = i < k / 2 && sameCategory != null;
            long item = draw(fromCategory ? sameCategory : popularity, positive);
            if (item == 0 && fromCategory) {
                item = draw(popularity, positive);
            }
            if (item != 0) {
                out[n++] = item;
            }
        }
        return n == k ? out : Arrays.copyOf(out, n);
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
