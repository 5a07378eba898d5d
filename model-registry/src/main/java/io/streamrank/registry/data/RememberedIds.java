package io.streamrank.registry.data;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventAdmission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per user, the event ids the feature job's de-duplication remembers ({@code DeduplicateEvents}, {@code SeenEventIds}):
 * an id counts as seen while its event time is at most {@link EventAdmission#DEDUP_RETENTION} behind the user's newest
 * event, and once a user holds more than {@link EventAdmission#DEDUP_PRUNE_AT} ids the oldest are forgotten down to
 * the newest {@link EventAdmission#DEDUP_KEPT_IDS}. Ids, not the job's 64-bit hashes (a collision is a 2^-64 event);
 * equal event times are ordered by id where the job orders them by hash, and the job's count that triggers the cap
 * also holds expired ids it has not swept yet, so for a user with more than 4,096 ids in an hour which ones are
 * forgotten can differ.
 */
final class RememberedIds {

    private static final long RETENTION_MS = EventAdmission.DEDUP_RETENTION.toMillis();
    /** Expired ids are swept once a user holds this many, or twice as many as after the last sweep. */
    private static final int MIN_SWEEP = 32;

    private final Map<Long, User> users = new HashMap<>();

    private static final class User {
        long newest = Long.MIN_VALUE;
        final Map<String, Long> ids = new HashMap<>();
        int sweepAt = MIN_SWEEP;

        long oldestRemembered() {
            return newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - RETENTION_MS;
        }
    }

    /** Remembers the event's id; false, changing nothing, when its user sent that id within the job's memory. */
    boolean firstTime(ClickEvent e) {
        User u = users.computeIfAbsent(e.userId(), k -> new User());
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
