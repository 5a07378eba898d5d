package io.streamrank.registry.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventAdmission;
import io.streamrank.contract.event.EventType;
import org.junit.jupiter.api.Test;

/** The job's cleanup timer replayed: a silent user's ids are forgotten when the watermark reaches its timer. */
class RememberedIdsTest {

    private static final long T = 1_511_544_070_000L;
    private static final long MINUTE = 60_000L;
    /** When the job forgets a user whose newest event is at T: 18:30:00 UTC, the 10-minute mark after T + 1 h. */
    private static final long FORGOTTEN = EventAdmission.dedupForgetsAt(T, EventAdmission.DEDUP_RETENTION);

    private final RememberedIds ids = new RememberedIds();

    @Test
    void aUsersIdsAreForgottenWhenTheWatermarkReachesItsCleanupTimeNotBefore() {
        assertThat(ids.firstTime(event("a", 1, T), Long.MIN_VALUE)).isTrue();

        assertThat(ids.firstTime(event("a", 1, FORGOTTEN), FORGOTTEN - 1)).isFalse();
        assertThat(ids.firstTime(event("a", 1, FORGOTTEN), FORGOTTEN)).isTrue();
    }

    @Test
    void silentUsersLeaveMemoryAsTheWatermarkPassesTheirCleanupTime() {
        for (long user = 1; user <= 1_000; user++) {
            ids.firstTime(event("a", user, T), T - 2_001);
        }
        assertThat(ids.rememberedUsers()).isEqualTo(1_000);

        ids.firstTime(event("b", 5_000, FORGOTTEN + 2_001), FORGOTTEN - 1);
        assertThat(ids.rememberedUsers()).isEqualTo(1_001);
        ids.firstTime(event("c", 5_000, FORGOTTEN + 2_002), FORGOTTEN);
        assertThat(ids.rememberedUsers()).isEqualTo(1);
    }

    @Test
    void aUserActiveSinceItWasFirstDueIsKeptUntilItsNewestEventsCleanupTime() {
        ids.firstTime(event("a", 1, T), Long.MIN_VALUE);
        ids.firstTime(event("a", 2, T), Long.MIN_VALUE);
        long later = T + 30 * MINUTE;
        ids.firstTime(event("b", 1, later), later - 2_001);

        // User 2 goes; user 1, 30 minutes later, is due again at its newer event's cleanup time.
        ids.firstTime(event("x", 3, FORGOTTEN), FORGOTTEN);
        assertThat(ids.rememberedUsers()).isEqualTo(2);
        assertThat(ids.firstTime(event("a", 1, FORGOTTEN), FORGOTTEN)).isFalse();
        assertThat(ids.firstTime(event("a", 2, FORGOTTEN), FORGOTTEN)).isTrue();

        long due = EventAdmission.dedupForgetsAt(later, EventAdmission.DEDUP_RETENTION);
        assertThat(ids.firstTime(event("a", 1, due), due - 1)).isFalse();
        assertThat(ids.firstTime(event("a", 1, due), due)).isTrue();
    }

    private static ClickEvent event(String id, long user, long t) {
        return new ClickEvent(id, user, 10 + user, 100, EventType.CLICK, t);
    }
}
