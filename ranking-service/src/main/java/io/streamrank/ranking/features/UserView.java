package io.streamrank.ranking.features;

import io.streamrank.contract.features.UserFeatures;

/**
 * A user's features as used for one request.
 *
 * @param features the live value, or {@link UserFeatures#EMPTY} when absent, corrupt or older than its max age
 * @param ageMs    now − updatedAt of the stored value, -1 when there is none
 * @param stale    true when a value exists but is older than its max age (so {@code features} is empty)
 */
public record UserView(UserFeatures features, long ageMs, boolean stale) {

    public static final UserView NONE = new UserView(UserFeatures.EMPTY, -1L, false);
}
