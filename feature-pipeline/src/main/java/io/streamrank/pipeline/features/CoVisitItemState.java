package io.streamrank.pipeline.features;

/**
 * What {@link CoVisitFunction} keeps per item besides its neighbours' counts (which are in {@link CoVisitNeighbours}'
 * map): the {@link FeatureState} bookkeeping of clock, pending flush and window timer, and how many neighbours the map
 * holds, so that the cap is checked without reading the map. Small and read and written on every co-visit. A Flink
 * POJO.
 */
public class CoVisitItemState extends FeatureState {

    /** Neighbours in the map (those whose buckets all left the window included until the next pass drops them). */
    public int tracked;

    public CoVisitItemState() {
    }
}
