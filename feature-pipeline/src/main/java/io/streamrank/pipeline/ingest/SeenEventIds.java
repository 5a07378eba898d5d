package io.streamrank.pipeline.ingest;

import io.streamrank.contract.event.EventAdmission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * One user's recent event ids: while few, inline in its {@link SeenEvents}; past {@link #INLINE_IDS}, in keyed
 * {@link MapState}, spread by hash over at most {@link #SLOTS} entries: slot → its ids as (hash, event time) pairs in a
 * {@code long[]}. An event of an inline user touches no map entry, so a user with few ids costs one value read and one
 * write, as when its ids were one value; one of a spilled user reads and writes its id's slot only, so its cost does
 * not grow with the ids remembered (with RocksDB, a few pairs instead of up to 4,096). The inline array and a slot drop
 * the ids that left the retention whenever they are written, so a spilled user's map holds its retention's ids plus
 * those that expired in slots not written since; the map is read whole only once per {@link #PRUNE_AT} −
 * {@link SeenEvents#MAX_ENTRIES} new ids beyond the cap, to forget the oldest.
 *
 * <p>Slots, not one entry per id: RocksDB keeps a deleted entry until a compaction drops it, and iterating a user's
 * map walked over every id deleted since (the per-id map's cost per event grew round by round in
 * {@code bin/bench-hot-keys}, ADR 80). A user's slots are a fixed set of keys, so an iteration visits at most
 * {@link #SLOTS} of them however many ids came and went.
 *
 * <p>An id counts as seen while its event time is at most the retention behind the user's newest event, whether or not
 * it has been dropped yet, and wherever it is kept.
 */
final class SeenEventIds {

    /** Slots per user: with 5,120 ids (the most before pruning) about 20 pairs, 320 bytes, per slot. */
    static final int SLOTS = 256;
    /**
     * Ids at which the oldest are forgotten in one pass, back to {@link SeenEvents#MAX_ENTRIES}. Forgetting one per
     * new id, as the array did, would read the whole map on every event of a bot.
     */
    static final int PRUNE_AT = EventAdmission.DEDUP_PRUNE_AT;
    /**
     * The most ids a user keeps inline (64 {@code long}s, 512 bytes): twice the ~16 of {@code bin/bench-hot-keys}'
     * cold user (an event every 3.75 minutes in the hour's retention); a user with more is busy. Inline ids are read,
     * copied and (with RocksDB) serialised whole on every event, about 1–2 µs per KB by ADR 80's figures (a bot's
     * 64 KB of ids cost 74–130 µs per event); the second state access that spilling adds cost about 1.8 µs. So half
     * a kilobyte inline costs less than the map would. The user spills at the id past this and stays
     * spilled until its state is cleared: moving back would read and clear the map, and a user near the bound would
     * flap.
     */
    static final int INLINE_IDS = 32;
    private static final long[] NONE = new long[0];

    private final MapState<Integer, long[]> map;
    private final long retentionMs;

    SeenEventIds(MapState<Integer, long[]> map, long retentionMs) {
        this.map = map;
        this.retentionMs = retentionMs;
    }

    static MapStateDescriptor<Integer, long[]> descriptor(String name) {
        return new MapStateDescriptor<>(name, Types.INT, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    /** The slot of an id's hash: its top bits (the hash is well mixed). */
    static int slot(long hash) {
        return (int) (hash >>> (64 - Integer.numberOfTrailingZeros(SLOTS)));
    }

    /** Remembers {@code hash} seen at {@code t}; false, changing nothing, if it was seen within the retention. */
    boolean add(SeenEvents s, long hash, long t) throws Exception {
        int slot = slot(hash);
        long[] pairs = s.inline != null ? s.inline : map.get(slot);
        if (pairs == null) {
            pairs = NONE;
        }
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i] == hash && pairs[i + 1] >= s.maxTimestamp - retentionMs) {
                return false;
            }
        }
        s.maxTimestamp = Math.max(s.maxTimestamp, t);
        long oldest = s.maxTimestamp - retentionMs;
        // The slot (or the inline array) is rewritten anyway: it leaves its expired ids (and an earlier pair of this
        // id) behind.
        long[] out = new long[pairs.length + 2];
        int n = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] >= oldest && pairs[i] != hash) {
                out[n++] = pairs[i];
                out[n++] = pairs[i + 1];
            }
        }
        out[n++] = hash;
        out[n++] = t;
        s.entries += n / 2 - pairs.length / 2;
        long[] kept = n == out.length ? out : Arrays.copyOf(out, n);
        if (s.inline == null) {
            map.put(slot, kept);
        } else if (n / 2 <= INLINE_IDS) {
            s.inline = kept;
        } else {
            spill(s, kept);
        }
        if (s.entries > PRUNE_AT) {
            forgetOldest(s);
        }
        return true;
    }

    /** Forgets the user's ids (the caller clears {@code s}); an inline user's map is empty and left alone. */
    void clear(SeenEvents s) {
        if (s.inline == null) {
            map.clear();
        }
    }

    /** Moves an inline user's ids ({@code pairs}, past {@link #INLINE_IDS}) to their slots. */
    private void spill(SeenEvents s, long[] pairs) throws Exception {
        Map<Integer, long[]> slots = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            long[] into = slots.getOrDefault(slot(pairs[i]), NONE);
            long[] grown = Arrays.copyOf(into, into.length + 2);
            grown[into.length] = pairs[i];
            grown[into.length + 1] = pairs[i + 1];
            slots.put(slot(pairs[i]), grown);
        }
        map.putAll(slots);
        s.inline = null;
    }

    /**
     * Drops the expired ids, then the oldest (by event time, ties by hash) beyond the cap; recounts. Only a spilled
     * user gets here: an inline one holds at most {@link #INLINE_IDS}.
     */
    private void forgetOldest(SeenEvents s) throws Exception {
        Map<Integer, long[]> slots = new HashMap<>();
        List<long[]> live = new ArrayList<>();
        long oldest = s.maxTimestamp - retentionMs;
        for (Map.Entry<Integer, long[]> e : map.entries()) {
            slots.put(e.getKey(), e.getValue());
            for (int i = 0; i < e.getValue().length; i += 2) {
                if (e.getValue()[i + 1] >= oldest) {
                    live.add(new long[] {e.getValue()[i + 1], e.getValue()[i]});
                }
            }
        }
        // The first (time, hash) kept: the retention's bound, or the cap's newest ids.
        long[] first = {oldest, Long.MIN_VALUE};
        if (live.size() > SeenEvents.MAX_ENTRIES) {
            live.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            first = live.get(live.size() - SeenEvents.MAX_ENTRIES);
        }
        int entries = 0;
        for (Map.Entry<Integer, long[]> e : slots.entrySet()) {
            long[] pairs = e.getValue();
            long[] out = new long[pairs.length];
            int n = 0;
            for (int i = 0; i < pairs.length; i += 2) {
                if (pairs[i + 1] > first[0] || (pairs[i + 1] == first[0] && pairs[i] >= first[1])) {
                    out[n++] = pairs[i];
                    out[n++] = pairs[i + 1];
                }
            }
            if (n == 0) {
                map.remove(e.getKey());
            } else if (n < pairs.length) {
                map.put(e.getKey(), Arrays.copyOf(out, n));
            }
            entries += n / 2;
        }
        s.entries = entries;
    }
}
