package io.streamrank.ranking.cache;

import java.time.Duration;

/**
 * Whether Redis tells this process when the keys it caches change (server-assisted client-side caching, ADR 56): while
 * it does, a value read after tracking started stays valid until its key's invalidation arrives, so caches keep it for
 * the long {@code tracked} TTL instead of their own short one; while it does not (never enabled, refused, the
 * connection lost) every cache uses its short TTL, exactly as without tracking. One instance per Redis connection,
 * shared by the caches of the values read through it.
 *
 * <p>Times are {@link System#nanoTime()}. A put passes the time its reply was read on Lettuce's event loop
 * ({@code readAtNanos}), the thread that also handles Redis's pushes, in order: a reply read after the one that
 * switched tracking on belongs to a command Redis served with tracking on, so any later change of its key is announced
 * on the same connection after that reply.
 */
public final class Tracking {

    /** Never trusted: caches keep their short TTL. */
    public static final Tracking OFF = new Tracking(Duration.ZERO);

    private final long trackedTtlNanos;
    private volatile boolean trusted;
    /** When tracking last started covering reads; meaningful while {@link #trusted}. */
    private volatile long trustedFromNanos;

    /** @param trackedTtl how long a tracked value is kept without an invalidation (a bound, not the expected life) */
    public Tracking(Duration trackedTtl) {
        this.trackedTtlNanos = trackedTtl.isNegative() ? 0 : trackedTtl.toNanos();
    }

    /** How long a tracked value is kept without an invalidation; 0 for {@link #OFF}. */
    public long trackedTtlNanos() {
        return trackedTtlNanos;
    }

    /** The TTL of a value whose reply was read at {@code readAtNanos}, into a cache whose own TTL is the short one. */
    long ttlNanos(long shortTtlNanos, long readAtNanos) {
        return covers(readAtNanos) ? Math.max(shortTtlNanos, trackedTtlNanos) : shortTtlNanos;
    }

    /**
     * Whether a reply read at {@code readAtNanos} is covered: any change of its key since will be announced. Strictly
     * after the switch: a reply read in the same nanosecond may have come before it.
     */
    public boolean covers(long readAtNanos) {
        return trusted && readAtNanos - trustedFromNanos > 0;
    }

    /** Invalidations cover replies read after {@code nowNanos} (called where the reply that switched tracking on is read). */
    public void trust(long nowNanos) {
        trustedFromNanos = nowNanos;
        trusted = true;
    }

    /** Invalidations may have been lost (the connection dropped): nothing read before is covered any more. */
    public void distrust() {
        trusted = false;
    }

    /** Whether invalidations currently cover new reads. */
    public boolean trusted() {
        return trusted;
    }
}
