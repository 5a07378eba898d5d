package io.streamrank.registry.data;

import io.streamrank.contract.event.ClickEvent;

/** Parses one line of an event file. */
interface LineParser {

    /** The event on this line, or {@code null} when the line is malformed (the caller counts and skips it). */
    ClickEvent parse(String line);
}
