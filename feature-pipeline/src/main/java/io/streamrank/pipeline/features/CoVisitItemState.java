package io.streamrank.pipeline.features;

import io.streamrank.contract.features.CoVisitState;

/** Keyed state of one item's co-visitation neighbours. A Flink POJO. */
public class CoVisitItemState extends FeatureState {

    public CoVisitState visits = new CoVisitState();

    public CoVisitItemState() {
    }
}
