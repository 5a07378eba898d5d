package io.streamrank.contract.event;

import java.util.Objects;

/**
 * One clickstream event, as produced to the {@code clickstream} topic (keyed by {@code userId}).
 *
 * @param eventId    producer-chosen unique id, used for de-duplication
 * @param userId     positive user id
 * @param itemId     positive item id
 * @param categoryId positive category id of the item
 * @param type       what happened
 * @param timestamp  event time, Unix epoch milliseconds
 */
public record ClickEvent(String eventId, long userId, long itemId, long categoryId, EventType type, long timestamp) {

    public ClickEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
    }
}
