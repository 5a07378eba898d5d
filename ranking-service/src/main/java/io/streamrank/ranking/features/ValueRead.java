package io.streamrank.ranking.features;

import io.lettuce.core.KeyValue;

/** Takes one item's value as an MGET read it, with the time its reply was read (ADR 56). */
@FunctionalInterface
interface ValueRead {

    /** @param value the item's key and value ({@code hasValue()} false when absent) */
    void put(long itemId, KeyValue<String, String> value, long readAtNanos);
}
