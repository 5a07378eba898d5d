package io.streamrank.pipeline.features;

import io.streamrank.contract.features.UserActivityState;
import io.streamrank.contract.features.UserFeatureState;

/** Keyed state of one user: the original feature value's state machine and the behaviour counts. A Flink POJO. */
public class UserState extends FeatureState {

    public UserFeatureState features = new UserFeatureState();
    public UserActivityState activity = new UserActivityState();

    public UserState() {
    }
}
