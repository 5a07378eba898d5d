package io.streamrank.pipeline.features;

/**
 * What {@link CoVisitFunction} keeps per item in its small {@code ValueState}: the {@link FeatureState} bookkeeping of
 * clock, pending flush and window timer, how many neighbours the item holds (so that the cap is checked without
 * reading the map) and, while the item is small, the neighbours themselves ({@link #inline}). Read and written on every
 * co-visit. A Flink POJO: its serializer evolves when a field is added, so a savepoint of the layout without
 * {@link #inline} (ADR 80 as it landed) restores into this one.
 */
public class CoVisitItemState extends FeatureState {

    /** Neighbours held (those whose buckets all left the window included until the next pass drops them). */
    public int tracked;
    /**
     * The item's neighbours as one {@link CoVisitSlot} array while they fit in {@link CoVisitNeighbours#INLINE_LONGS};
     * null once they have moved to the map ("spilled"), until the item's state is cleared. Deliberately without an
     * initialiser: a header restored from a savepoint of the layout before it is created by this constructor and
     * must read as spilled, its neighbours being in the map. New items get theirs from {@link #newItem()}.
     */
    public long[] inline;

    public CoVisitItemState() {
    }

    /** A new item's header: no neighbours yet, kept inline. */
    static CoVisitItemState newItem() {
        CoVisitItemState s = new CoVisitItemState();
        s.inline = CoVisitSlot.EMPTY;
        return s;
    }
}
