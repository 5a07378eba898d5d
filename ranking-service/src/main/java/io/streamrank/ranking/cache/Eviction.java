package io.streamrank.ranking.cache;

import static io.streamrank.ranking.cache.SeqlockSlot.EXPIRES;
import static io.streamrank.ranking.cache.SeqlockSlot.ID;
import static io.streamrank.ranking.cache.SeqlockSlot.STRIDE;

/**
 * Which slot of an {@link ItemSlots} set a put takes, and so which value it evicts: the one that holds the same id,
 * else an empty or expired one, else the one that expires first (written earliest). Static, on the caller's slab.
 */
final class Eviction {

    private Eviction() {
    }

    /**
     * The slot of the set starting at {@code first} that a put of the item at {@code nowNanos} takes. Racy reads are
     * fine here: they only choose the slot, the sequence number guards the write itself.
     */
    static int slotFor(long[] slab, int first, long itemId, long nowNanos) {
        int end = first + ItemSlots.WAYS * STRIDE;
        for (int slot = first; slot < end; slot += STRIDE) {
            if (slab[slot] != 0 && slab[slot + ID] == itemId) {
                return slot;
            }
        }
        int earliest = first;
        for (int slot = first; slot < end; slot += STRIDE) {
            if (slab[slot] == 0 || nowNanos - slab[slot + EXPIRES] >= 0) {
                return slot;
            }
            if (slab[slot + EXPIRES] - slab[earliest + EXPIRES] < 0) {
                earliest = slot;
            }
        }
        return earliest;
    }
}
