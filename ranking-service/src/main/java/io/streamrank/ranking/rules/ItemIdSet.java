package io.streamrank.ranking.rules;

import java.util.Arrays;

/**
 * A small immutable set of item ids (a user's recently shown or bought items) as a sorted primitive array: the filter
 * rules ask it about each of ~500 candidates per request, and a {@code Set<Long>} boxed every one of those ids (~2 % of
 * what a request allocated, JFR allocation samples on 2026-12-04).
 */
public final class ItemIdSet {

    public static final ItemIdSet EMPTY = new ItemIdSet(new long[0]);

    private final long[] sorted;

    private ItemIdSet(long[] sorted) {
        this.sorted = sorted;
    }

    /** The distinct ids among the first {@code n} of {@code ids} (the array is sorted in place). */
    static ItemIdSet fromFirst(long[] ids, int n) {
        if (n == 0) {
            return EMPTY;
        }
        Arrays.sort(ids, 0, n);
        int distinct = 1;
        for (int i = 1; i < n; i++) {
            if (ids[i] != ids[distinct - 1]) {
                ids[distinct++] = ids[i];
            }
        }
        return new ItemIdSet(Arrays.copyOf(ids, distinct));
    }

    /** The distinct ids given. */
    public static ItemIdSet of(long... ids) {
        return fromFirst(ids.clone(), ids.length);
    }

    public boolean contains(long id) {
        return Arrays.binarySearch(sorted, id) >= 0;
    }

    public boolean isEmpty() {
        return sorted.length == 0;
    }

    public int size() {
        return sorted.length;
    }

    /** Equal to a set of the same ids: requests holding one compare by value. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ItemIdSet other && Arrays.equals(sorted, other.sorted);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sorted);
    }

    @Override
    public String toString() {
        return Arrays.toString(sorted);
    }
}
