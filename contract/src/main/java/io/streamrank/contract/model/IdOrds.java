package io.streamrank.contract.model;

/**
 * Item id to row (or graph node) number, in two primitive arrays (open addressing, linear probing, at most half
 * full). A model version's ids are held by every pod for as long as the version serves, and a map of boxed keys and
 * values would be tens of thousands of small objects that each young collection copies until they are promoted; two
 * arrays of this size are allocated by G1 straight into the old generation and never copied (ADR 70). Not
 * thread-safe while being filled; safe to read from any thread once published.
 */
public final class IdOrds {

    private final long[] keys;
    /** The row plus one; 0 marks an empty slot. */
    private final int[] values;
    private final int mask;
    private int size;

    /** An empty map for up to {@code expected} ids. */
    public IdOrds(int expected) {
        int capacity = Integer.highestOneBit(Math.max(2, expected) * 2 - 1) << 1;
        this.keys = new long[capacity];
        this.values = new int[capacity];
        this.mask = capacity - 1;
    }

    /** The row of {@code id}, or -1 when it has none. */
    public int get(long id) {
        for (int slot = slot(id); ; slot = (slot + 1) & mask) {
            int v = values[slot];
            if (v == 0) {
                return -1;
            }
            if (keys[slot] == id) {
                return v - 1;
            }
        }
    }

    /** Maps {@code id} to {@code row} (≥ 0), replacing an earlier row. */
    public void put(long id, int row) {
        if (row < 0) {
            throw new IllegalArgumentException("row " + row);
        }
        int slot = slot(id);
        while (values[slot] != 0 && keys[slot] != id) {
            slot = (slot + 1) & mask;
        }
        if (values[slot] == 0) {
            if (size + 1 > keys.length / 2) {
                throw new IllegalStateException("more ids than the " + keys.length / 2 + " this map was sized for");
            }
            size++;
            keys[slot] = id;
        }
        values[slot] = row + 1;
    }

    public int size() {
        return size;
    }

    /** Spreads ids that differ in their high bits only (murmur3's 64-bit finaliser). */
    private int slot(long id) {
        long h = id;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) h & mask;
    }
}
