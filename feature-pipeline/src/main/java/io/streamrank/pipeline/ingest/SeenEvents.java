package io.streamrank.pipeline.ingest;

import io.streamrank.contract.event.EventAdmission;

/**
 * What {@link DeduplicateEvents} keeps per user in its small {@code ValueState}: the newest event time, the pending
 * cleanup timer, how many ids the user holds (so that the cap is checked without reading the map) and, while they are
 * few, the ids themselves ({@link #inline}; past that they are in {@link SeenEventIds}' map). Read and written on
 * every event. A Flink POJO: its serializer evolves when a field is added, so a savepoint of the layout without
 * {@link #inline} (ADR 80 as it landed) restores into this one.
 */
public class SeenEvents {

    /** Ids per user the cap's pruning keeps, the newest ({@link SeenEventIds}: up to a quarter more before it runs). */
    public static final int MAX_ENTRIES = EventAdmission.DEDUP_KEPT_IDS;

    public long maxTimestamp = Long.MIN_VALUE;
    /** Newest cleanup timer registered (see {@link DeduplicateEvents}). */
    public long cleanupTimer = Long.MIN_VALUE;
    /** Ids held (in the map: those older than the retention included until their slot is written again). */
    public int entries;
    /**
     * The user's ids as (hash, event time) pairs while there are at most {@link SeenEventIds#INLINE_IDS}; null once
     * they have moved to the map ("spilled"), until the user's state is cleared. Deliberately without an initialiser:
     * a header restored from a savepoint of the layout before it is created by this constructor and must read as
     * spilled, its ids being in the map. New users get theirs from {@link #newUser()}.
     */
    public long[] inline;

    public SeenEvents() {
    }

    /** A new user's header: no ids yet, kept inline. */
    static SeenEvents newUser() {
        SeenEvents s = new SeenEvents();
        s.inline = new long[0];
        return s;
    }

    /**
     * A well-mixed 64-bit hash of an event id (FNV-1a, then a MurmurHash3 finalizer). Hashes instead of the ids keep
     * an entry at 16 bytes; two distinct ids of one user colliding is a 2^-64-scale event per pair.
     */
    public static long hash(String eventId) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < eventId.length(); i++) {
            h ^= eventId.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
