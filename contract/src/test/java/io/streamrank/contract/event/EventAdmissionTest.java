package io.streamrank.contract.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventAdmissionTest {

    private static final long NEWEST = 1_511_544_070_000L;

    @Test
    void theWatermarkTrailsTheNewestEventByTheBoundAndOneMillisecond() {
        assertThat(EventAdmission.watermark(NEWEST)).isEqualTo(NEWEST - 2_000 - 1);
        assertThat(EventAdmission.watermark(Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void anEventUpToTheAllowedLatenessBehindTheWatermarkCountsAndOneMillisecondMoreIsDropped() {
        // 2 s of out-of-orderness, 1 ms, 1 min of allowed lateness: 62,001 ms behind the newest event still counts.
        assertThat(EventAdmission.tooLate(NEWEST - 62_001, NEWEST)).isFalse();
        assertThat(EventAdmission.tooLate(NEWEST - 62_002, NEWEST)).isTrue();
    }

    @Test
    void nothingIsLateBeforeTheFirstEventAndNothingNewerThanTheWatermarkIs() {
        assertThat(EventAdmission.tooLate(0L, Long.MIN_VALUE)).isFalse();
        assertThat(EventAdmission.tooLate(NEWEST - 1_000, NEWEST)).isFalse();
        assertThat(EventAdmission.tooLate(NEWEST + 5_000, NEWEST)).isFalse();
    }

    @Test
    void theDeduplicationCapIsTheJobsOwn() {
        assertThat(EventAdmission.DEDUP_KEPT_IDS).isEqualTo(4_096);
        assertThat(EventAdmission.DEDUP_PRUNE_AT).isEqualTo(5_120);
        assertThat(EventAdmission.DEDUP_RETENTION).hasHours(1);
    }
}
