package io.streamrank.ranking.model;

import java.util.EnumMap;
import java.util.Map;

/**
 * The version that last failed to load in each role, and when the watcher tries it again (ADR 76). One whose
 * checksums did not match waits until its checksums file changes: the same bytes would fail the same way. Any other
 * failure (a store read cut off, a full disk, a load or warm-up error) is retried at a later poll, the wait doubling
 * with each failure of the same version and checksums, from the next poll up to {@link #MAX_POLLS_SKIPPED} polls
 * skipped: a transient failure heals by itself, a broken version costs one fetch and load per ~10 minutes at most.
 * Not thread-safe: the watcher's polls are serialized.
 */
final class LoadFailures {

    /** At most this many polls are skipped between two tries (10 minutes at the default 10 s poll interval). */
    static final int MAX_POLLS_SKIPPED = 63;

    private record Failure(String attempt, boolean untilChanged, int count, int skipsLeft) {
    }

    private final Map<Role, Failure> failures = new EnumMap<>(Role.class);

    /**
     * Whether this poll leaves {@code attempt} (a version and its checksums) alone in {@code role}: it failed and its
     * wait is not over. Counts the poll towards that wait.
     */
    boolean skip(Role role, String attempt) {
        Failure f = failures.get(role);
        if (f == null || !f.attempt().equals(attempt)) {
            return false;
        }
        if (f.untilChanged()) {
            return true;
        }
        if (f.skipsLeft() > 0) {
            failures.put(role, new Failure(f.attempt(), false, f.count(), f.skipsLeft() - 1));
            return true;
        }
        return false;
    }

    /**
     * Records a failure of {@code attempt} in {@code role} ({@code null}: the store itself could not be read, so
     * nothing is held back) and returns how many polls will skip it, or -1 until its checksums change.
     */
    int failed(Role role, String attempt, boolean checksumMismatch) {
        if (attempt == null) {
            // Says nothing about the version held back: clearing its record here let one failed listing of a flaky
            // store reset a broken version's backoff, and it was downloaded and loaded again at the next poll.
            return 0;
        }
        Failure previous = failures.get(role);
        int count = previous != null && previous.attempt().equals(attempt) ? previous.count() + 1 : 1;
        int skips = checksumMismatch ? -1 : pollsSkipped(count);
        failures.put(role, new Failure(attempt, checksumMismatch, count, Math.max(skips, 0)));
        return skips;
    }

    void succeeded(Role role) {
        failures.remove(role);
    }

    /** 0 after the first failure (the next poll tries again), then 1, 3, 7, ... up to {@link #MAX_POLLS_SKIPPED}. */
    static int pollsSkipped(int failures) {
        return failures >= 7 ? MAX_POLLS_SKIPPED : (1 << (failures - 1)) - 1;
    }
}
