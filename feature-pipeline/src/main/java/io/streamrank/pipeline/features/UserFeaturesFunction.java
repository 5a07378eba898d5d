package io.streamrank.pipeline.features;

import io.streamrank.contract.event.ClickEvent;
import java.time.Duration;

/** Keyed by user: {@link UserFeatureLogic} driven by {@link FeatureFunction} (writes {@code u:} and {@code ua:}). */
public final class UserFeaturesFunction extends FeatureFunction<ClickEvent, UserState> {

    private static final long serialVersionUID = 1L;

    public UserFeaturesFunction(String keyPrefix, Duration flushInterval, boolean slideWrites) {
        super(new UserFeatureLogic(keyPrefix), UserState.class, "user-features", flushInterval, slideWrites);
    }
}
