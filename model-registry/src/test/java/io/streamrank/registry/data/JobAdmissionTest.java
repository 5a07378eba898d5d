package io.streamrank.registry.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventAdmission;
import io.streamrank.contract.event.EventType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The feature job's rules applied to recorded streams: events from the future, late events and repeated ids dropped as
 * the job drops them.
 */
class JobAdmissionTest {

    private static final long T = 1_511_544_070_000L;
    private static final long HOUR = 3_600_000L;
    private static final long SKEW = EventAdmission.MAX_FUTURE_SKEW.toMillis();

    @Test
    void anEventOverTheAllowedLatenessBehindTheWatermarkIsDroppedAndCounted() {
        // Watermark T - 2,001 ms; allowed lateness 1 min: T - 62,002 is one millisecond too late. ("c" confirms that
        // the clock had reached T at "a": a record's own next one is the witness of the clock, see below.)
        JobAdmission.Admitted a = admit(List.of(event("a", 1, T), event("c", 3, T), event("b", 2, T - 62_002)));

        assertThat(a.events()).extracting(ClickEvent::eventId).containsExactly("a", "c");
        assertThat(a.late()).isEqualTo(1);
        assertThat(a.duplicates()).isZero();
    }

    @Test
    void inOrderEventsAndEventsWithinTheAllowedLatenessAreKept() {
        JobAdmission.Admitted a = admit(List.of(event("a", 1, T), event("b", 1, T + 1_000), event("c", 2, T + 500),
                event("d", 3, T + 1_000 - 62_001)));

        assertThat(a.events()).extracting(ClickEvent::eventId).containsExactly("a", "b", "c", "d");
        assertThat(a.late()).isZero();
    }

    @Test
    void theWatermarkIsEachFilesOwn() {
        // The second file's events are hours older than the first's: one partition read ahead of another.
        JobAdmission.Admitted a = JobAdmission.admit(List.of(List.of(event("a", 1, T + 5 * HOUR)),
                List.of(event("b", 2, T), event("c", 2, T + 1))));

        assertThat(a.events()).extracting(ClickEvent::eventId).containsExactly("a", "b", "c");
        assertThat(a.late()).isZero();
    }

    @Test
    void aRepeatedEventIdOfTheSameUserIsDroppedAndCounted() {
        JobAdmission.Admitted a = admit(List.of(event("a", 1, T), event("b", 1, T + 1), event("a", 1, T)));

        assertThat(a.events()).extracting(ClickEvent::eventId).containsExactly("a", "b");
        assertThat(a.duplicates()).isEqualTo(1);
    }

    @Test
    void theSameEventIdOfAnotherUserIsKept() {
        // The job de-duplicates per user (keyed by userId).
        JobAdmission.Admitted a = admit(List.of(event("a", 1, T), event("a", 2, T)));

        assertThat(a.events()).hasSize(2);
        assertThat(a.duplicates()).isZero();
    }

    @Test
    void anIdIsRememberedWhileItIsAtMostTheRetentionBehindTheUsersNewestEvent() {
        JobAdmission.Admitted a = admit(List.of(event("a", 1, T), event("b", 1, T + HOUR), event("a", 1, T + HOUR)));

        assertThat(a.events()).extracting(ClickEvent::eventId).containsExactly("a", "b");
        assertThat(a.duplicates()).isEqualTo(1);
    }

    @Test
    void aRepeatOutsideTheJobsRetentionIsKeptAsTheJobKeepsIt() {
        // The job has forgotten "a" once the user's newest event is more than an hour past it.
        JobAdmission.Admitted a = admit(List.of(event("a", 1, T), event("b", 1, T + HOUR + 1),
                event("a", 1, T + HOUR + 2)));

        assertThat(a.events()).extracting(ClickEvent::eventId).containsExactly("a", "b", "a");
        assertThat(a.duplicates()).isZero();
    }

    @Test
    void aRepeatBeyondTheJobsCapOfIdsPerUserIsKeptAndOneWithinItDropped() {
        // 5,120 ids are all remembered; the 5,121st makes the job forget all but the newest 4,096.
        List<ClickEvent> within = bot(5_120);
        within.add(event("id-0", 1, T + 10_000));
        List<ClickEvent> beyond = bot(5_121);
        beyond.add(event("id-0", 1, T + 10_000));

        assertThat(admit(within).duplicates()).isEqualTo(1);
        JobAdmission.Admitted a = admit(beyond);
        assertThat(a.duplicates()).isZero();
        assertThat(a.events()).hasSize(5_122);
    }

    @Test
    void aRepeatInAnotherFileIsDroppedLikeOneInTheSameFile() {
        JobAdmission.Admitted a = JobAdmission.admit(List.of(List.of(event("a", 1, T), event("b", 1, T + 10)),
                List.of(event("c", 1, T + 5), event("a", 1, T))));

        assertThat(a.events()).extracting(ClickEvent::eventId).containsExactly("a", "b", "c");
        assertThat(a.duplicates()).isEqualTo(1);
    }

    @Test
    void aLateRepeatIsCountedOnceAsLate() {
        // The late filter comes first in the job: the repeat never reaches the de-duplication. ("c" confirms "b"'s
        // time, which is otherwise taken for a fast clock.)
        JobAdmission.Admitted a = admit(List.of(event("a", 1, T), event("b", 1, T + 2 * HOUR),
                event("c", 2, T + 2 * HOUR), event("a", 1, T)));

        assertThat(a.late()).isEqualTo(1);
        assertThat(a.duplicates()).isZero();
    }

    @Test
    void aRecordFarAheadOfTheRecordingsClockIsDroppedAsFromTheFutureAndLeavesTheRestOfItsFileOnTime() {
        // A producer with a clock 3 h fast: the job rejects its event (more than --max.future.skew ahead of the wall
        // clock) and caps event time at the wall clock, so the events after it are on time.
        JobAdmission.Admitted a = admit(List.of(event("a", 1, T), event("fast", 2, T + 3 * HOUR),
                event("b", 3, T + 1_000), event("c", 1, T + 2_000)));

        assertThat(a.events()).extracting(ClickEvent::eventId).containsExactly("a", "b", "c");
        assertThat(a.future()).isEqualTo(1);
        assertThat(a.late()).isZero();
    }

    @Test
    void theClockAtARecordIsTheNewestTimeBeforeItOrTheNextRecordsAndTheSkewBeyondItIsAllowed() {
        // The clock at "ahead" is T + 1 s (the next record's time): up to the skew ahead of it is kept, 1 ms more not.
        List<ClickEvent> within = List.of(event("a", 1, T), event("ahead", 2, T + 1_000 + SKEW),
                event("b", 3, T + 1_000));
        List<ClickEvent> beyond = List.of(event("a", 1, T), event("ahead", 2, T + 1_000 + SKEW + 1),
                event("b", 3, T + 1_000));

        assertThat(admit(within).future()).isZero();
        assertThat(admit(beyond).future()).isEqualTo(1);
        assertThat(admit(beyond).events()).extracting(ClickEvent::eventId).containsExactly("a", "b");
    }

    @Test
    void aRecordAheadOfTheClockWithinTheSkewMovesTheWatermarkOnlyUpToTheClock() {
        // "ahead" counts up to T + 1 s (the job's capAtNow), so "d", 62,001 ms behind that, is on time; judged from
        // "ahead"'s own time it would have been late.
        JobAdmission.Admitted a = admit(List.of(event("a", 1, T), event("ahead", 2, T + SKEW),
                event("b", 3, T + 1_000), event("d", 4, T + 1_000 - 62_001)));

        assertThat(a.events()).extracting(ClickEvent::eventId).containsExactly("a", "ahead", "b", "d");
        assertThat(a.late()).isZero();
        assertThat(a.future()).isZero();
    }

    @Test
    void twoConsecutiveFastRecordsConfirmEachOtherTheHeuristicsLimit() {
        // ADR 81: the next record is the only witness of the clock, so a run of fast records is taken for the time.
        JobAdmission.Admitted a = admit(List.of(event("a", 1, T), event("f1", 2, T + 3 * HOUR),
                event("f2", 2, T + 3 * HOUR + 1), event("b", 3, T + 1_000)));

        assertThat(a.future()).isZero();
        assertThat(a.late()).isEqualTo(1);
    }

    @Test
    void aTimeSortedStreamHasNothingFromTheFutureWhateverItsGaps() {
        // Taobao CSV files are read sorted: each record's next one is no older, so none is ahead of the clock.
        JobAdmission.Admitted a = admit(List.of(event("a", 1, T), event("b", 2, T + 9 * 24 * HOUR),
                event("c", 3, T + 9 * 24 * HOUR), event("d", 3, T + 10 * 24 * HOUR)));

        assertThat(a.events()).hasSize(4);
        assertThat(a.future()).isZero();
        assertThat(a.late()).isZero();
    }

    @Test
    void aUserSilentUntilTheJobsCleanupTimerFiredMayReuseAnOldId() {
        // The job clears user 1's ids when the watermark (newest - 2,001 ms) reaches its cleanup timer.
        long forgotten = EventAdmission.dedupForgetsAt(T, EventAdmission.DEDUP_RETENTION);
        JobAdmission.Admitted a = admit(List.of(event("a", 1, T), event("x", 2, forgotten + 2_001),
                event("a", 1, forgotten + 2_001)));

        assertThat(a.events()).extracting(ClickEvent::eventId).containsExactly("a", "x", "a");
        assertThat(a.duplicates()).isZero();
    }

    @Test
    void aUserSilentForLessThanThatIsStillRemembered() {
        long forgotten = EventAdmission.dedupForgetsAt(T, EventAdmission.DEDUP_RETENTION);
        JobAdmission.Admitted a = admit(List.of(event("a", 1, T), event("x", 2, forgotten + 2_000),
                event("a", 1, forgotten + 2_000)));

        assertThat(a.events()).extracting(ClickEvent::eventId).containsExactly("a", "x");
        assertThat(a.duplicates()).isEqualTo(1);
    }

    @Test
    void theDeduplicationsWatermarkIsThatOfAllFilesMergedByTime() {
        // User 1 is silent in its file; the other file's events move the watermark to its cleanup time.
        long forgotten = EventAdmission.dedupForgetsAt(T, EventAdmission.DEDUP_RETENTION);
        JobAdmission.Admitted a = JobAdmission.admit(List.of(
                List.of(event("a", 1, T), event("a", 1, forgotten + 2_002)),
                List.of(event("x", 2, forgotten + 2_001))));

        assertThat(a.events()).extracting(ClickEvent::eventId).containsExactly("a", "a", "x");
        assertThat(a.duplicates()).isZero();
    }

    @Test
    void aFastClockInTheLastRecordOfAFileIsJudgedAgainstTheReplaysWallClock() {
        // No next record to vouch for it: the replay's own clock does (a recording cannot hold an event from after it).
        long wall = T + 24 * HOUR;
        JobAdmission.Admitted a = JobAdmission.admit(List.of(List.of(event("a", 1, T), event("b", 2, T + 1_000),
                event("micro", 3, T * 1_000))), wall);

        assertThat(a.events()).extracting(ClickEvent::eventId).containsExactly("a", "b");
        assertThat(a.future()).isEqualTo(1);
        // A last record after a long silence is kept: it is no further ahead of the wall clock than the skew.
        assertThat(JobAdmission.admit(List.of(List.of(event("a", 1, T), event("late-but-real", 2, T + 3 * HOUR))),
                wall).events()).hasSize(2);
    }

    @Test
    void aRunOfFastClockRecordsBeyondTheWallClockNoLongerConfirmsItself() {
        long wall = T + HOUR;
        JobAdmission.Admitted a = JobAdmission.admit(List.of(List.of(event("a", 1, T), event("m1", 2, T * 1_000),
                event("m2", 3, T * 1_000 + 1), event("b", 4, T + 1_000))), wall);

        assertThat(a.events()).extracting(ClickEvent::eventId).containsExactly("a", "b");
        assertThat(a.future()).isEqualTo(2);
        assertThat(a.late()).isZero();
    }

    @Test
    void aStragglerIsNoWitnessForTheClock() {
        // b (5 min ahead) is followed by c, too late against a: c says nothing of the clock, so b is not taken for a
        // fast clock (the job keeps it and drops c only).
        JobAdmission.Admitted a = admit(List.of(event("a", 1, T), event("b", 2, T + 5 * 60_000),
                event("c", 3, T - 2 * 60_000)));

        assertThat(a.events()).extracting(ClickEvent::eventId).containsExactly("a", "b");
        assertThat(a.future()).isZero();
        assertThat(a.late()).isEqualTo(1);
    }

    /** One user's {@code n} distinct ids, one a millisecond, all within the retention. */
    private static List<ClickEvent> bot(int n) {
        List<ClickEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(event("id-" + i, 1, T + i));
        }
        return out;
    }

    private static JobAdmission.Admitted admit(List<ClickEvent> stream) {
        return JobAdmission.admit(List.of(stream));
    }

    private static ClickEvent event(String id, long user, long t) {
        return new ClickEvent(id, user, 10 + user, 100, EventType.CLICK, t);
    }
}
