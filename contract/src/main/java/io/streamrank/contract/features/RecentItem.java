package io.streamrank.contract.features;

import io.streamrank.contract.event.EventType;

/** One entry of a user's recent-items feature. */
public record RecentItem(long itemId, long categoryId, EventType type, long timestamp) {
}
