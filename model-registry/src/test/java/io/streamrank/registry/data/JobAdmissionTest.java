package io.streamrank.registry.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The feature job's rules applied to recorded streams: late events and repeated ids dropped as the job drops them. */
class JobAdmissionTest {

    private static final long T = 1_511_544_070_000L;
    private static final long HOUR = 3_600_000L;

    @Test
    void anEventOverTheAllowedLatenessBehindTheWatermarkIsDroppedAndCounted() {
        // Watermark T - 2,001 ms; allowed lateness 1 min: T - 62,002 is one millisecond too late.
        JobAdmission.Admitted a = admit(List.of(event("a", 1, T), event("b", 2, T - 62_002)));

        assertThat(a.events()).extracting(ClickEvent::eventId).containsExactly("a");
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
        // The late filter comes first in the job: the repeat never reaches the de-duplication.
        JobAdmission.Admitted a = admit(List.of(event("a", 1, T), event("b", 1, T + 2 * HOUR), event("a", 1, T)));

        assertThat(a.late()).isEqualTo(1);
        assertThat(a.duplicates()).isZero();
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
