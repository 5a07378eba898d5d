package io.streamrank.pipeline.ingest;

/**
 * The event ids one user sent recently, as 64-bit hashes with their event times, in arrival order. Hashes instead of
 * the ids keep the state at 16 bytes per event; two distinct ids of one user colliding is a 2^-64-scale event per
 * pair. A Flink POJO.
 */
public class SeenEvents {

    /** Per user, at most this many ids are remembered (the oldest are forgotten first). */
    public static final int MAX_ENTRIES = 4_096;

    public long[] hashes = new long[0];
    public long[] times = new long[0];
    public long maxTimestamp = Long.MIN_VALUE;
    /** Newest cleanup timer registered (see {@link DeduplicateEvents}). */
    public long cleanupTimer = Long.MIN_VALUE;

    public SeenEvents() {
    }

    public boolean contains(long hash) {
        for (int i = hashes.length - 1; i >= 0; i--) {
            if (hashes[i] == hash) {
                return true;
            }
        }
        return false;
    }

    /** Remembers an id and forgets those older than {@code retentionMs} behind the newest event time. */
    public void add(long hash, long timestamp, long retentionMs) {
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        long oldest = maxTimestamp - retentionMs;
        int n = hashes.length;
        int keep = 0;
        for (int i = 0; i < n; i++) {
            if (times[i] >= oldest) {
                keep++;
            }
        }
        int skip = Math.max(0, keep + 1 - MAX_ENTRIES);
        long[] h = new long[keep + 1 - skip];
        long[] t = new long[keep + 1 - skip];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (times[i] >= oldest && skip-- <= 0) {
                h[j] = hashes[i];
                t[j++] = times[i];
            }
        }
        h[j] = hash;
        t[j] = timestamp;
        hashes = h;
        times = t;
    }

    /** A well-mixed 64-bit hash of an event id (FNV-1a, then a MurmurHash3 finalizer). */
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
