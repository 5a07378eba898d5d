package io.streamrank.pipeline.features;

import java.util.Arrays;
import java.util.Set;

/**
 * The neighbours of one slot of {@link CoVisitNeighbours}' map in one {@code long[]}: for each neighbour its id, its
 * number of buckets {@code k} and its {@code k} buckets ({@link CoVisitBuckets}), one neighbour after the other in no
 * particular order. Walk it with {@code for (int at = 0; at < slot.length; at = next(slot, at))}. Arrays are never
 * changed in place: every change returns a new one.
 */
final class CoVisitSlot {

    static final long[] EMPTY = new long[0];

    private CoVisitSlot() {
    }

    static int next(long[] slot, int at) {
        return at + 2 + (int) slot[at + 1];
    }

    /** Where {@code neighbour} starts in {@code slot}, or −1. */
    static int find(long[] slot, long neighbour) {
        for (int at = 0; at < slot.length; at = next(slot, at)) {
            if (slot[at] == neighbour) {
                return at;
            }
        }
        return -1;
    }

    /** The buckets of the neighbour at {@code at}. */
    static long[] buckets(long[] slot, int at) {
        return Arrays.copyOfRange(slot, at + 2, next(slot, at));
    }

    /**
     * {@code slot} with the neighbour at {@code at} (−1: none yet, appended) holding {@code buckets}; without it if
     * there are none.
     */
    static long[] with(long[] slot, int at, long neighbour, long[] buckets) {
        int end = at < 0 ? slot.length : next(slot, at);
        int start = at < 0 ? slot.length : at;
        int size = buckets.length == 0 ? 0 : 2 + buckets.length;
        long[] out = new long[slot.length - (end - start) + size];
        System.arraycopy(slot, 0, out, 0, start);
        if (size > 0) {
            out[start] = neighbour;
            out[start + 1] = buckets.length;
            System.arraycopy(buckets, 0, out, start + 2, buckets.length);
        }
        System.arraycopy(slot, end, out, start + size, slot.length - end);
        return out;
    }

    /** {@code slot} without the buckets that left the window at {@code asOf}: the same array if none did. */
    static long[] evict(long[] slot, long asOf) {
        long[] out = slot;
        for (int at = 0; at < out.length; ) {
            long[] buckets = buckets(out, at);
            long[] kept = CoVisitBuckets.evict(buckets, asOf);
            if (kept != buckets) {
                out = with(out, at, out[at], kept);
                if (kept.length == 0) {
                    continue;
                }
            }
            at = next(out, at);
        }
        return out;
    }

    /** {@code slot} without the neighbours in {@code drop}. */
    static long[] without(long[] slot, Set<Long> drop) {
        long[] out = slot;
        for (int at = 0; at < out.length; ) {
            if (drop.contains(out[at])) {
                out = with(out, at, out[at], EMPTY);
            } else {
                at = next(out, at);
            }
        }
        return out;
    }

    /** How many neighbours {@code slot} holds. */
    static int size(long[] slot) {
        int n = 0;
        for (int at = 0; at < slot.length; at = next(slot, at)) {
            n++;
        }
        return n;
    }
}
