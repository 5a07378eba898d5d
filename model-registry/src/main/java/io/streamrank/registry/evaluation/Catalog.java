package io.streamrank.registry.evaluation;

import io.streamrank.contract.event.ClickEvent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * The items seen so far (the catalog a request can be answered from), with each item's interaction count: global
 * popularity, kept with a histogram of counts so "how many items are more popular" is cheap.
 */
final class Catalog {

    private final Map<Long, Integer> index = new HashMap<>();
    private long[] items = new long[1024];
    private long[] categories = new long[1024];
    private int[] counts = new int[1024];
    private int size;
    /** histogram[c] = number of catalog items with count c. */
    private long[] histogram = new long[64];

    void observe(ClickEvent e) {
        Integer i = index.get(e.itemId());
        if (i == null) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
                categories = Arrays.copyOf(categories, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
            }
            i = size++;
            index.put(e.itemId(), i);
            items[i] = e.itemId();
            histogram[0]++;
        }
        categories[i] = e.categoryId();
        histogram[counts[i]]--;
        counts[i]++;
        if (counts[i] >= histogram.length) {
            histogram = Arrays.copyOf(histogram, histogram.length * 2);
        }
        histogram[counts[i]]++;
    }

    int size() {
        return size;
    }

    boolean contains(long item) {
        return index.containsKey(item);
    }

    /** Position of the item in arrival order, or -1. */
    int indexOf(long item) {
        return index.getOrDefault(item, -1);
    }

    long item(int i) {
        return items[i];
    }

    long category(int i) {
        return categories[i];
    }

    long categoryOf(long item) {
        int i = indexOf(item);
        return i < 0 ? 0 : categories[i];
    }

    int count(long item) {
        int i = indexOf(item);
        return i < 0 ? 0 : counts[i];
    }

    /** Catalog items with a count above {@code c}. */
    long moreThan(int c) {
        long n = 0;
        for (int k = c + 1; k < histogram.length; k++) {
            n += histogram[k];
        }
        return n;
    }

    /** Catalog items with exactly count {@code c}. */
    long exactly(int c) {
        return c < histogram.length ? histogram[c] : 0;
    }

    /** {@code n} distinct items drawn uniformly from the catalog, never {@code exclude}. */
    long[] sample(int n, long exclude, Random random) {
        int available = size - (contains(exclude) ? 1 : 0);
        int k = Math.min(n, available);
        java.util.Set<Long> picked = new java.util.LinkedHashSet<>();
        while (picked.size() < k) {
            long item = items[random.nextInt(size)];
            if (item != exclude) {
                picked.add(item);
            }
        }
        return picked.stream().mapToLong(Long::longValue).toArray();
    }
}
