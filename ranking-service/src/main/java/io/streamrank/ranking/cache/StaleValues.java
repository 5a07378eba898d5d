package io.streamrank.ranking.cache;

import java.util.Arrays;

/**
 * The stale values one request used from a cache (past their TTL, inside the serve-stale window; ADR 47): how many,
 * and the items whose refresh this request claimed and so owes, one background read of them. Each stale value is
 * claimed once (per put), so concurrent requests never refresh the same item twice. Not thread-safe: one per request
 * and cache.
 */
public final class StaleValues {

    /** Allocated at the first claim (many requests claim none). */
    private long[] claimed;
    private int claimedCount;
    private int used;

    void used(long itemId, boolean claim) {
        used++;
        if (!claim) {
            return;
        }
        if (claimed == null) {
            claimed = new long[16];
        } else if (claimedCount == claimed.length) {
            claimed = Arrays.copyOf(claimed, claimedCount * 2);
        }
        claimed[claimedCount++] = itemId;
    }

    /** Stale values used. */
    public int used() {
        return used;
    }

    /** Items whose refresh this request claimed. */
    public int claimed() {
        return claimedCount;
    }

    /** The i-th claimed item, {@code 0 <= i < claimed()}. */
    public long claimedId(int i) {
        if (i >= claimedCount) {
            throw new IndexOutOfBoundsException(i);
        }
        return claimed[i];
    }
}
