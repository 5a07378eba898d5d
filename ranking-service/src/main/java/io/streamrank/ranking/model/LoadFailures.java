package io.streamrank.ranking.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The version that last failed to load in each role, and when the watcher tries it again (ADR 76). One whose
 * checksums did not match, or whose signature was refused (ADR 79), waits until its checksums or signature file
 * changes: the same bytes would fail the same way. Any other failure (a store read cut off, a full disk, a load or
 * warm-up error) is retried at a later poll, the wait doubling with each failure of the same attempt, from the next
 * poll up to {@link #MAX_POLLS_SKIPPED} polls skipped: a transient failure heals by itself, a broken version costs one
 * fetch and load per ~10 minutes at most. Not thread-safe: the watcher's polls are serialized.
 */
final class LoadFailures {

    /** At most this many polls are skipped between two tries (10 minutes at the default 10 s poll interval). */
    static final int MAX_POLLS_SKIPPED = 63;

    private record Failure(String attempt, boolean untilChanged, int count, int skipsLeft) {
    }

    private final Map<Role, Failure> failures = new EnumMap<>(Role.class);

    /**
     * What one try loads: the version, its checksums file and its signature file. The signature is part of it because
     * {@code registry sign} repairs a version refused as unsigned (or signed with a retired key) without changing its
     * checksums: keyed on the checksums alone, such a version stayed refused until the pod restarted.
     *
     * @param checksums the checksums file's bytes; empty when there is none
     * @param signature the signature file's bytes, when there is one (or when the reader does not look: then empty)
     */
    static String attempt(String version, byte[] checksums, Optional<byte[]> signature) {
        // Digests, not hashCode(): two different files must not read as the same attempt.
        return version + ":" + digest(checksums) + ":" + signature.map(LoadFailures::digest).orElse("-");
    }

    /**
     * Whether this poll leaves {@code attempt} ({@link #attempt}) alone in {@code role}: it failed and its wait is not
     * over. Counts the poll towards that wait.
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
     * nothing is held back) and returns how many polls will skip it, or -1 until the attempt changes.
     *
     * @param untilChanged the version's own bytes were refused (checksum mismatch, refused signature): trying the same
     *                     attempt again cannot succeed
     */
    int failed(Role role, String attempt, boolean untilChanged) {
        if (attempt == null) {
            // Says nothing about the version held back: clearing its record here let one failed listing of a flaky
            // store reset a broken version's backoff, and it was downloaded and loaded again at the next poll.
            return 0;
        }
        Failure previous = failures.get(role);
        int count = previous != null && previous.attempt().equals(attempt) ? previous.count() + 1 : 1;
        int skips = untilChanged ? -1 : pollsSkipped(count);
        failures.put(role, new Failure(attempt, untilChanged, count, Math.max(skips, 0)));
        return skips;
    }

    void succeeded(Role role) {
        failures.remove(role);
    }

    /** 0 after the first failure (the next poll tries again), then 1, 3, 7, ... up to {@link #MAX_POLLS_SKIPPED}. */
    static int pollsSkipped(int failures) {
        return failures >= 7 ? MAX_POLLS_SKIPPED : (1 << (failures - 1)) - 1;
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
