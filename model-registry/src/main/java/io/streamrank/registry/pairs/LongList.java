package io.streamrank.registry.pairs;

import java.util.Arrays;

/** A growable list of primitive longs: the sampling pools hold one entry per event, boxing would triple memory. */
final class LongList {

    private long[] values = new long[16];
    private int size;

    void add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    long get(int i) {
        return values[i];
    }

    int size() {
        return size;
    }
}
