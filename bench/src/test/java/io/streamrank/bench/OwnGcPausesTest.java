package io.streamrank.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OwnGcPausesTest {

    @Test
    void recordsThePausesOfThisJvmInWallClockTime() throws Exception {
        long before = System.currentTimeMillis();
        List<SafepointLog.Stop> seen;
        try (OwnGcPauses pauses = OwnGcPauses.start()) {
            System.gc();
            // Notifications arrive on a JMX thread, shortly after the collection.
            long deadline = System.currentTimeMillis() + 5_000;
            do {
                Thread.sleep(20);
                seen = pauses.between(before - 10, System.currentTimeMillis() + 1);
            } while (seen.isEmpty() && System.currentTimeMillis() < deadline);
        }
        assertThat(seen).isNotEmpty();
        SafepointLog.Stop full = seen.get(0);
        // JVM start and collection start are both whole milliseconds: allow for their rounding.
        assertThat(full.startMillis()).isBetween(before - 10, full.endMillis());
        assertThat(full.operation()).contains("System.gc()");
    }
}
