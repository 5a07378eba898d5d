package io.streamrank.pipeline.ingest;

/**
 * What {@link DeduplicateEvents} keeps per user besides the remembered ids (which are in {@link SeenEventIds}' map):
 * the newest event time, the pending cleanup timer and how many ids the map holds, so that the cap is checked without
 * reading the map. Small and read and written on every event. A Flink POJO.
 */
public class SeenEvents {

    /** Ids per user the cap's pruning keeps, the newest ({@link SeenEventIds}: up to a quarter more before it runs). */
    public static final int MAX_ENTRIES = 4_096;

    public long maxTimestamp = Long.MIN_VALUE;
    /** Newest cleanup timer registered (see {@link DeduplicateEvents}). */
    public long cleanupTimer = Long.MIN_VALUE;
    /** Ids in the map (those older than the retention included until their slot is written again). */
    public int entries;

    public SeenEvents() {
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
