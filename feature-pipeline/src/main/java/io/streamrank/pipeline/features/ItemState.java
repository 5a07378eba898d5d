package io.streamrank.pipeline.features;

import io.streamrank.contract.features.ItemFeatureState;
import io.streamrank.contract.features.ItemStatsState;

/** Keyed state of one item: the original click window and the behaviour counts. A Flink POJO. */
public class ItemState extends FeatureState {

    public ItemFeatureState clicks = new ItemFeatureState();
    public ItemStatsState stats = new ItemStatsState();

    public ItemState() {
    }
}
