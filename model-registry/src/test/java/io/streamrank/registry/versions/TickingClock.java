package io.streamrank.registry.versions;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A UTC clock one second later at every read, so that the registry's stage transitions are strictly ordered. */
final class TickingClock extends Clock {

    private final AtomicLong seconds = new AtomicLong(1_700_000_000L);

    @Override
    public ZoneOffset getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochSecond(seconds.incrementAndGet());
    }
}
