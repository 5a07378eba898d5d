package io.streamrank.pipeline.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.features.FeatureNames;
import io.streamrank.pipeline.redis.RedisWrite;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class CoVisitFunctionTest {

    private static final long HOUR = 3_600_000L;
    private static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % HOUR;
    private static final long TICK = 100L;

    @Test
    void theTopNeighboursReplaceTheWholeSetAndLeaveItWithTheDay() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Long, CoVisit, RedisWrite> h =
                     ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                             new CoVisitFunction("p:", Duration.ofMillis(TICK), true), v -> v.item, Types.LONG)) {
            h.processElement(new CoVisit(1, 2, T0), T0);
            h.processElement(new CoVisit(1, 3, T0 + 1), T0 + 1);
            h.processElement(new CoVisit(1, 2, T0 + 5 * HOUR), T0 + 5 * HOUR);
            h.setProcessingTime(TICK);
            assertThat(h.extractOutputValues()).extracting(RedisWrite::toString)
                    .containsExactly("ZREPLACE p:cv:1 2=2.0 3=1.0");
            assertThat(h.extractOutputValues().get(0).ttlMs).isEqualTo(FeatureNames.COVISIT_KEY_TTL.toMillis());

            h.processWatermark(T0 + 24 * HOUR);
            h.setProcessingTime(2 * TICK);
            assertThat(h.extractOutputValues().get(1)).hasToString("ZREPLACE p:cv:1 2=1.0");

            h.processWatermark(T0 + 5 * HOUR + FeatureNames.COVISIT_WINDOW.toMillis() + 3 * HOUR);
            h.setProcessingTime(3 * TICK);
            assertThat(h.extractOutputValues().get(h.extractOutputValues().size() - 1))
                    .as("an empty replacement deletes the set").hasToString("ZREPLACE p:cv:1");
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }
}
