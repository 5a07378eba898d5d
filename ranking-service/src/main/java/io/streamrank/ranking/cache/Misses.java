package io.streamrank.ranking.cache;

/** The positions a batched cache lookup left empty, gathered once their number is known. */
public final class Misses {

    private Misses() {
    }

    /**
     * @param values a lookup's results by position, {@code null} where the cache had nothing
     * @param count  how many of them are {@code null}
     * @return the positions of the {@code null}s, ascending
     */
    public static int[] of(Object[] values, int count) {
        int[] misses = new int[count];
        int m = 0;
        for (int i = 0; i < values.length && m < count; i++) {
            if (values[i] == null) {
                misses[m++] = i;
            }
        }
        return misses;
    }
}
