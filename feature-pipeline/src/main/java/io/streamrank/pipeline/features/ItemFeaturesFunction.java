package io.streamrank.pipeline.features;

import io.streamrank.contract.event.ClickEvent;
import java.time.Duration;

/**
 * Keyed by item: {@link ItemFeatureLogic} driven by {@link FeatureFunction} (writes {@code i:}, {@code is:} and the
 * item's score in {@code pop:all} and {@code pop:c:<category>}).
 */
public final class ItemFeaturesFunction extends FeatureFunction<ClickEvent, ItemState> {

    private static final long serialVersionUID = 1L;

    public ItemFeaturesFunction(String keyPrefix, Duration flushInterval, boolean slideWrites) {
        super(new ItemFeatureLogic(keyPrefix), ItemState.class, "item-features", flushInterval, slideWrites);
    }
}
