package io.streamrank.pipeline.features;

import io.streamrank.contract.features.ItemFeatureState;
import io.streamrank.contract.features.ItemStatsState;

/** Keyed state of one item: the original click window and the behaviour counts. A Flink POJO. */
public class ItemState extends FeatureState {

    public ItemFeatureState clicks = new ItemFeatureState();
    public ItemStatsState stats = new ItemStatsState();
    /**
     * Whether the item is in a per-category popularity set, and which: written with it, so that a category change
     * removes the item from the old set (state restored from before this field existed reads false).
     */
    public boolean listed;
    public long listedCategory;

    public ItemState() {
    }
}
