package io.streamrank.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafepointLogTest {

    @Test
    void eachLineIsAStopEndingAtItsStampAndLastingItsTotal() {
        List<String> lines = List.of(
                "[1796364097302ms] Safepoint \"ICBufferFull\", Time since last: 521369225 ns, Reaching safepoint: "
                        + "3696 ns, Cleanup: 136211 ns, At safepoint: 1573 ns, Total: 141480 ns",
                "[1796364097351ms] Safepoint \"G1CollectForAllocation\", Time since last: 34693147 ns, Reaching "
                        + "safepoint: 4127 ns, Cleanup: 40119 ns, At safepoint: 4639627 ns, Total: 4683873 ns",
                "not a safepoint line",
                "[1796364099000ms] Safepoint \"Cleanup\", Time since last: 1 ns, Total: 2000000 ns");

        List<SafepointLog.Stop> stops = SafepointLog.parse(lines, 1796364097000L, 1796364098000L);

        // The last one ended after the phase; a 0.14 ms stop still covers its millisecond.
        assertThat(stops).containsExactly(
                new SafepointLog.Stop(1796364097301L, 1796364097302L, "ICBufferFull"),
                new SafepointLog.Stop(1796364097346L, 1796364097351L, "G1CollectForAllocation"));
    }

    @Test
    void aMissingLogHasNoStops(@TempDir Path dir) {
        assertThat(SafepointLog.read(dir.resolve("absent.log"), 0, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void readsTheFileTheOptionNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sp.log");
        assertThat(SafepointLog.option(file)).isEqualTo("-Xlog:safepoint:file=" + file + ":timemillis:filecount=0");
        Files.writeString(file, "[5000ms] Safepoint \"G1CollectForAllocation\", Total: 3000000 ns\n");

        assertThat(SafepointLog.read(file, 0, 10_000)).containsExactly(
                new SafepointLog.Stop(4_997, 5_000, "G1CollectForAllocation"));
    }
}
