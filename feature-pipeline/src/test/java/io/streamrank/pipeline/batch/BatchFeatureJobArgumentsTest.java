package io.streamrank.pipeline.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.pipeline.StdOut;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatchFeatureJobArgumentsTest {

    @Test
    void theRetentionIsADurationAsInTheStreamingJobAndTheOldMinutesSpellingStillWorks() {
        BatchFeatureJob.Settings s = BatchFeatureJob.parse(new String[] {"--events", "in.jsonl", "--out", "out",
            "--dedup.retention", "2h", "--redis.prefix", "p:"});
        assertThat(s.events()).isEqualTo(Path.of("in.jsonl"));
        assertThat(s.dedupRetention()).isEqualTo(Duration.ofHours(2));
        assertThat(s.keyPrefix()).isEqualTo("p:");
        assertThat(s.asOf()).isEqualTo(Long.MAX_VALUE);

        assertThat(BatchFeatureJob.parse(new String[] {"--events", "e", "--out", "o", "--dedup.retention.minutes",
            "90"}).dedupRetention()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void aMisspeltOptionIsAnErrorNotASilentDefault() {
        // It used to be ignored: the job then ran with a one-hour retention whatever was asked for.
        assertThatThrownBy(() -> BatchFeatureJob.parse(new String[] {"--events", "e", "--out", "o",
            "--dedup.retension", "2h"})).hasMessageContaining("unknown option --dedup.retension");
        assertThatThrownBy(() -> BatchFeatureJob.parse(new String[] {"--events", "e", "--out"}))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BatchFeatureJob.parse(new String[] {"--events", "e"}))
                .hasMessageContaining("--events and --out are required");
        assertThatThrownBy(() -> BatchFeatureJob.parse(new String[] {"--events", "e", "--out", "o", "--as-of", "x"}))
                .hasMessageContaining("not a number");
    }

    @Test
    void aBadNumberOrDurationNamesItsOption() {
        assertThatThrownBy(() -> BatchFeatureJob.parse(new String[] {"--events", "e", "--out", "o", "--as-of", "x"}))
                .hasMessageContaining("--as-of");
        assertThatThrownBy(() -> BatchFeatureJob.parse(new String[] {"--events", "e", "--out", "o", "--parallelism",
            "4294967297"})).hasMessageContaining("--parallelism is out of range");
        assertThatThrownBy(() -> BatchFeatureJob.parse(new String[] {"--events", "e", "--out", "o",
            "--dedup.retention", "1x"})).hasMessageContaining("--dedup.retention wants a duration");
    }

    @Test
    void helpAfterOtherOptionsPrintsTheUsage() throws Exception {
        assertThat(StdOut.of(() -> BatchFeatureJob.main(new String[] {"--events", "x", "--help"})))
                .startsWith("usage: BatchFeatureJob");
    }
}
