package io.streamrank.registry.data;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventAdmission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Per user, the event ids the feature job's de-duplication remembers ({@code DeduplicateEvents}, {@code SeenEventIds}):
 * an id counts as seen while its event time is at most {@link EventAdmission#DEDUP_RETENTION} behind the user's newest
 * event, and once a user holds more than {@link EventAdmission#DEDUP_PRUNE_AT} ids the oldest are forgotten down to
 * the newest {@link EventAdmission#DEDUP_KEPT_IDS}. Ids, not the job's 64-bit hashes (a collision is a 2^-64 event);
 * equal event times are ordered by id where the job orders them by hash, and the job's count that triggers the cap
 * also holds expired ids it has not swept yet, so for a user with more than 4,096 ids in an hour which ones are
 * forgotten can differ.
 *
 * <p>A user is forgotten whole when the watermark reaches its cleanup time ({@link EventAdmission#dedupForgetsAt} of
 * its newest event): the job's event-time timer clears its state then, so after such a silence an old id counts
 * again. That also bounds the memory of a long replay to the users of about the last retention: a queue holds one
 * entry per user, by the cleanup time it had when queued; one popped whose user was active since is queued again at
 * its current one.
 */
final class RememberedIds {

    private static final long RETENTION_MS = EventAdmission.DEDUP_RETENTION.toMillis();
    /** Expired ids are swept once a user holds this many, or twice as many as after the last sweep. */
    private static final int MIN_SWEEP = 32;

    private final Map<Long, User> users = new HashMap<>();
    private final PriorityQueue<Due> due = new PriorityQueue<>(Comparator.comparingLong(Due::at));

    private static final class User {
        long newest = Long.MIN_VALUE;
        final Map<String, Long> ids = new HashMap<>();
        int sweepAt = MIN_SWEEP;

        long oldestRemembered() {
            return newest - RETENTION_MS;
        }

        long forgottenAt() {
            return EventAdmission.dedupForgetsAt(newest, EventAdmission.DEDUP_RETENTION);
        }
    }

    /** A user's cleanup time when it was queued: its current one or earlier (the newest event time only grows). */
    private record Due(long at, long userId) {
    }

    /**
     * Remembers the event's id; false, changing nothing, when its user sent that id within the job's memory.
     *
     * @param watermark the de-duplication's watermark when the event arrives ({@link EventAdmission#watermark} of the
     *                  newest event time before it; never decreasing from call to call)
     */
    boolean firstTime(ClickEvent e, long watermark) {
        forgetSilentUsers(watermark);
        User u = user(e);
        Long seenAt = u.ids.get(e.eventId());
        if (seenAt != null && seenAt >= u.oldestRemembered()) {
            return false;
        }
        u.newest = Math.max(u.newest, e.timestamp());
        u.ids.put(e.eventId(), e.timestamp());
        if (u.ids.size() > EventAdmission.DEDUP_PRUNE_AT) {
            forgetOldest(u);
        } else if (u.ids.size() > u.sweepAt) {
            // Memory only: an expired id stays expired (the newest time only grows), so dropping it changes nothing.
            u.ids.values().removeIf(t -> t < u.oldestRemembered());
            u.sweepAt = Math.max(MIN_SWEEP, 2 * u.ids.size());
        }
        return true;
    }

    /** The event's user, a new one (queued to be forgotten) when none is remembered. */
    private User user(ClickEvent e) {
        User u = users.get(e.userId());
        if (u == null) {
            u = new User();
            u.newest = e.timestamp();
            users.put(e.userId(), u);
            due.add(new Due(u.forgottenAt(), e.userId()));
        }
        return u;
    }

    /** Users remembered now, for tests: those whose cleanup time the watermark has not reached. */
    int rememberedUsers() {
        return users.size();
    }

    /** As the job's cleanup timer: a user goes once the watermark reaches the cleanup time of its newest event. */
    private void forgetSilentUsers(long watermark) {
        while (!due.isEmpty() && due.peek().at() <= watermark) {
            Due d = due.poll();
            long at = users.get(d.userId()).forgottenAt();
            if (at <= watermark) {
                users.remove(d.userId());
            } else {
                due.add(new Due(at, d.userId()));
            }
        }
    }

    /** As the job's cap: the expired ids go, then the oldest beyond {@link EventAdmission#DEDUP_KEPT_IDS}. */
    private static void forgetOldest(User u) {
        u.ids.values().removeIf(t -> t < u.oldestRemembered());
        if (u.ids.size() > EventAdmission.DEDUP_KEPT_IDS) {
            List<Map.Entry<String, Long>> live = new ArrayList<>(u.ids.entrySet());
            live.sort(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
            for (Map.Entry<String, Long> old : live.subList(0, live.size() - EventAdmission.DEDUP_KEPT_IDS)) {
                u.ids.remove(old.getKey());
            }
        }
        u.sweepAt = Math.max(MIN_SWEEP, 2 * u.ids.size());
    }
}
