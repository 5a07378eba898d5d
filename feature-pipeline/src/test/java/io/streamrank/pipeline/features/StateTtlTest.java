package io.streamrank.pipeline.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.junit.jupiter.api.Test;

class StateTtlTest {

    @Test
    void theSafetyNetTtlOutlastsALongOutageWhileLongerOnesStayAsAsked() {
        // Processing-time TTL: two hours of dedup state restored after a three-hour outage read as expired, and
        // duplicates that straddled the checkpoint counted twice.
        StateTtlConfig dedup = FeatureFunction.ttl(Duration.ofHours(2));
        assertThat(dedup.getTimeToLive()).isEqualTo(FeatureFunction.MIN_SAFETY_NET);
        assertThat(dedup.getUpdateType()).isEqualTo(StateTtlConfig.UpdateType.OnCreateAndWrite);
        assertThat(FeatureFunction.ttl(Duration.ofDays(10)).getTimeToLive()).isEqualTo(Duration.ofDays(10));
    }
}
