package io.streamrank.contract.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
        assertThat(EventAdmission.ON_TIME_BEHIND_MS).isEqualTo(62_001);
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

    @Test
    void theFutureSkewIsTheCommandLinesAndTheIngestEndpointsDefault() {
        // PipelineSettings' --max.future.skew and the ingest endpoint's streamrank.ingest.max-future-skew: 2m.
        assertThat(EventAdmission.MAX_FUTURE_SKEW).hasMinutes(2);
        assertThat(EventAdmission.MAX_FUTURE_SKEW.toMillis()).isEqualTo(EventCodec.DEFAULT_MAX_FUTURE_SKEW_MS);
    }

    @Test
    void aUserIsForgottenAtTheFirstTenMinuteMarkAfterItsNewestEventPlusTheRetention() {
        // NEWEST is 17:21:10 UTC; an hour later is 18:21:10, and the job's cleanup timer sits on the next 10-minute
        // mark: 18:30:00. A time just on a mark still moves on by one mark, as floorDiv(t + retention) + grid does.
        assertThat(EventAdmission.DEDUP_CLEANUP_GRID).hasMinutes(10);
        assertThat(EventAdmission.dedupForgetsAt(NEWEST, Duration.ofHours(1))).isEqualTo(NEWEST + 4_130_000);
        long mark = 1_511_547_600_000L; // 18:20:00
        assertThat(EventAdmission.dedupForgetsAt(mark - 3_600_000, Duration.ofHours(1))).isEqualTo(mark + 600_000);
        assertThat(EventAdmission.dedupForgetsAt(mark - 3_600_001, Duration.ofHours(1))).isEqualTo(mark);
    }
}
