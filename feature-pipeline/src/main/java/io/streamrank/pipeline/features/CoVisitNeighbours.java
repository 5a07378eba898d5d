package io.streamrank.pipeline.features;

import io.streamrank.contract.features.CoVisitState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * One item's co-visitation neighbours: while few, inline in its {@link CoVisitItemState}; past
 * {@link #INLINE_LONGS}, in keyed {@link MapState}, spread by id over at most {@link #SLOTS} entries: slot → its
 * neighbours with their hour buckets ({@link CoVisitSlot}). A co-visit of an inline item touches no map entry, so a
 * cold item costs one value read and one write, as when its state was one value; one of a spilled item reads and
 * writes its neighbour's slot only, so its cost does not grow with the number of neighbours (with RocksDB, a few
 * neighbours instead of the whole item). The map is read whole only by the passes that need every neighbour — a
 * flush, a window timer, the cap's pruning — which run on timers or once per {@link #PRUNE_AT} − {@link #CAP} new
 * neighbours, not per co-visit.
 *
 * <p>Slots, not one entry per neighbour: RocksDB keeps a deleted entry until a compaction drops it, and each flush of a
 * hot item walked over every neighbour pruned or evicted since (the per-neighbour map's cost per co-visit grew round by
 * round in {@code bin/bench-hot-keys}, ADR 80). An item's slots are a fixed set of keys, so a pass visits at most
 * {@link #SLOTS} of them however many neighbours came and went.
 *
 * <p>Under the cap the top list is the contract's {@link CoVisitState#top} for the same co-visits: a co-visit counts
 * iff its bucket is in the window at the item's clock when it arrives, and the list is every neighbour's count over
 * the buckets in the window at the flush's clock, ordered by count, then by the smaller id. Where the neighbours are
 * kept does not change what is counted.
 */
final class CoVisitNeighbours {

    /** Slots per item: at the cap about five neighbours, a kilobyte with 24 buckets each, per slot. */
    static final int SLOTS = 256;
    /** Neighbours the published list is exact under: the contract's {@link CoVisitState#MAX_TRACKED}. */
    static final int CAP = CoVisitState.MAX_TRACKED;
    /**
     * Neighbours at which the weakest are forgotten in one pass, back to {@link #CAP}. The contract's state forgets
     * one per new neighbour beyond the cap, which here would read the whole map on every new neighbour of a hot item.
     */
    static final int PRUNE_AT = CAP + CAP / 4;
    /**
     * The most {@code long}s an item keeps inline (768 bytes): 32 neighbours of one hour bucket, a cold item's usual
     * shape with room to spare, fewer with more buckets (3 with a full day). Inline entries are read, copied and
     * (with RocksDB) serialised whole on every co-visit, about 1–2 µs per KB with RocksDB by ADR 80's figures (a bot's
     * 64 KB of ids cost 74–130 µs per event); the second state access that spilling adds cost 1.1–1.8 µs. So past
     * about a kilobyte the map is cheaper, below it inline; 768 bytes stays on the safe side of that estimate.
     * The item spills when a co-visit would take it past this, and stays spilled (however few neighbours are left)
     * until its state is cleared: moving back would read and clear the map, and an item near the bound would flap.
     */
    static final int INLINE_LONGS = 96;
    /** The key {@link #pass} and {@link #write} use for the inline array. */
    private static final int INLINE = -1;

    /** Strongest first: count, then the smaller id (as {@link CoVisitState#top}); pruning drops from the end. */
    private static final Comparator<long[]> STRONGEST_FIRST =
            (a, b) -> a[1] != b[1] ? Long.compare(b[1], a[1]) : Long.compare(a[0], b[0]);

    private final MapState<Integer, long[]> map;

    CoVisitNeighbours(MapState<Integer, long[]> map) {
        this.map = map;
    }

    static MapStateDescriptor<Integer, long[]> descriptor(String name) {
        return new MapStateDescriptor<>(name, Types.INT, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    /** The slot of a neighbour: the top bits of its id times the golden ratio (ids need not be spread). */
    static int slot(long neighbour) {
        return (int) ((neighbour * 0x9E37_79B9_7F4A_7C15L) >>> (64 - Integer.numberOfTrailingZeros(SLOTS)));
    }

    /** Counts a co-visit with {@code neighbour} at {@code t}, unless its bucket left the window at {@code s.clock}. */
    void add(CoVisitItemState s, long neighbour, long t) throws Exception {
        if (CoVisitState.expiryOf(t) <= s.clock) {
            return;
        }
        int slot = slotOf(s, neighbour);
        long[] neighbours = read(s, slot);
        int at = CoVisitSlot.find(neighbours, neighbour);
        if (at < 0) {
            s.tracked++;
        }
        long[] buckets = CoVisitBuckets.add(at < 0 ? null : CoVisitSlot.buckets(neighbours, at), t);
        long[] out = CoVisitSlot.with(neighbours, at, neighbour, buckets);
        if (slot == INLINE && out.length > INLINE_LONGS) {
            out = withoutStale(s, out);
        }
        if (slot == INLINE && out.length > INLINE_LONGS) {
            spill(s, out);
        } else {
            write(s, slot, out);
        }
        if (s.tracked > PRUNE_AT) {
            prune(s);
        }
    }

    /** Drops the buckets that left the window at {@code asOf} (and neighbours left without any); true if any did. */
    boolean evict(CoVisitItemState s, long asOf) throws Exception {
        return pass(s, asOf, null);
    }

    /** Evicts as {@link #evict}, then gives the {@code n} strongest neighbours at {@code asOf}, strongest first. */
    void top(CoVisitItemState s, long asOf, int n, CoVisitState.NeighbourScore out) throws Exception {
        List<long[]> scores = new ArrayList<>();
        pass(s, asOf, scores);
        scores.sort(STRONGEST_FIRST);
        for (int i = 0; i < Math.min(n, scores.size()); i++) {
            out.accept(scores.get(i)[0], (int) scores.get(i)[1]);
        }
    }

    /** Forgets the item's neighbours (the caller clears {@code s}); an inline item's map is empty and left alone. */
    void clear(CoVisitItemState s) {
        if (s.inline == null) {
            map.clear();
        }
    }

    /**
     * An inline item's neighbours without the buckets that left the window at its clock, recounted: until a timer's
     * pass dropped them they counted toward the inline bound, and a spill is for good. The clock only grows, so what
     * is published is the same.
     */
    private static long[] withoutStale(CoVisitItemState s, long[] neighbours) {
        long[] fresh = CoVisitSlot.evict(neighbours, s.clock);
        if (fresh != neighbours) {
            s.tracked = CoVisitSlot.size(fresh);
        }
        return fresh;
    }

    /** Moves an inline item's neighbours ({@code neighbours}, past {@link #INLINE_LONGS}) to their slots. */
    private void spill(CoVisitItemState s, long[] neighbours) throws Exception {
        Map<Integer, long[]> slots = new HashMap<>();
        for (int at = 0; at < neighbours.length; at = CoVisitSlot.next(neighbours, at)) {
            long[] into = slots.getOrDefault(slot(neighbours[at]), CoVisitSlot.EMPTY);
            slots.put(slot(neighbours[at]), CoVisitSlot.with(into, -1, neighbours[at],
                    CoVisitSlot.buckets(neighbours, at)));
        }
        map.putAll(slots);
        s.inline = null;
    }

    /** Back to {@link #CAP} neighbours: forgets the weakest at the item's clock, ties the larger id first. */
    private void prune(CoVisitItemState s) throws Exception {
        List<long[]> scores = new ArrayList<>();
        pass(s, s.clock, scores);
        if (scores.size() <= CAP) {
            return;
        }
        scores.sort(STRONGEST_FIRST);
        Map<Integer, Set<Long>> weakest = new HashMap<>();
        for (long[] weak : scores.subList(CAP, scores.size())) {
            weakest.computeIfAbsent(slotOf(s, weak[0]), k -> new HashSet<>()).add(weak[0]);
        }
        for (Map.Entry<Integer, Set<Long>> e : weakest.entrySet()) {
            write(s, e.getKey(), CoVisitSlot.without(read(s, e.getKey()), e.getValue()));
        }
        s.tracked = CAP;
    }

    /**
     * One pass over the neighbours (the inline array, or every slot of the map) at {@code asOf}: drops what left the
     * window, recounts {@code s.tracked} and, unless {@code scores} is null, adds every neighbour's {neighbour, count}.
     * Changes are written after the iteration (the TTL wrapper's entries do not write through). Returns whether
     * anything was dropped.
     */
    private boolean pass(CoVisitItemState s, long asOf, List<long[]> scores) throws Exception {
        Map<Integer, long[]> changed = new HashMap<>();
        int kept = 0;
        Iterable<Map.Entry<Integer, long[]>> slots = s.inline != null ? List.of(Map.entry(INLINE, s.inline))
                : map.entries();
        for (Map.Entry<Integer, long[]> e : slots) {
            long[] neighbours = CoVisitSlot.evict(e.getValue(), asOf);
            if (neighbours != e.getValue()) {
                changed.put(e.getKey(), neighbours);
            }
            for (int at = 0; at < neighbours.length; at = CoVisitSlot.next(neighbours, at)) {
                kept++;
                if (scores != null) {
                    scores.add(new long[] {neighbours[at], CoVisitBuckets.count(CoVisitSlot.buckets(neighbours, at),
                            asOf)});
                }
            }
        }
        for (Map.Entry<Integer, long[]> e : changed.entrySet()) {
            write(s, e.getKey(), e.getValue());
        }
        s.tracked = kept;
        return !changed.isEmpty();
    }

    /** Where {@code neighbour} is kept: {@link #INLINE} or its slot of the map. */
    private static int slotOf(CoVisitItemState s, long neighbour) {
        return s.inline != null ? INLINE : slot(neighbour);
    }

    private long[] read(CoVisitItemState s, int slot) throws Exception {
        long[] neighbours = slot == INLINE ? s.inline : map.get(slot);
        return neighbours == null ? CoVisitSlot.EMPTY : neighbours;
    }

    /** Stores a slot's neighbours: in the header (the caller writes it) if inline, else in the map. */
    private void write(CoVisitItemState s, int slot, long[] neighbours) throws Exception {
        if (slot == INLINE) {
            s.inline = neighbours;
        } else if (neighbours.length == 0) {
            map.remove(slot);
        } else {
            map.put(slot, neighbours);
        }
    }
}
