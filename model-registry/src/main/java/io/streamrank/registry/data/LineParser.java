package io.streamrank.registry.data;

import io.streamrank.contract.event.ClickEvent;

/** Parses one line of an event file. */
interface LineParser {

    /** The event on this line, or {@code null} when the line is malformed (the caller counts and skips it). */
    ClickEvent parse(String line);

    /**
     * Whether a file's lines are in the order the feature job read its events (a recording of the clickstream topic),
     * which decides what it dropped as late; otherwise its events are taken in time order.
     */
    default boolean inArrivalOrder() {
        return true;
    }
}
