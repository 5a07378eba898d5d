package io.streamrank.contract.event;

import java.time.Duration;

/**
 * Which events the feature job lets through to its features: those not later than its watermark allows, and those
 * whose {@code eventId} their user has not sent within the de-duplication memory. The trainer's replay applies the
 * same rules (ADR 81), so a training row is built from the events the service's features were built from.
 *
 * <p>The values are the job's defaults: {@code FeatureWorkflow.Options.defaults}, {@code SeenEvents},
 * {@code SeenEventIds} and {@code DeduplicateEvents} read them from here, and tests keep the command line's defaults
 * ({@code PipelineSettings}, text for {@code --help}) and the ingest endpoint's ({@code application.yaml}) equal to
 * them. A job run with other {@code --max.future.skew}, {@code --out.of.orderness}, {@code --allowed.lateness} or
 * {@code --dedup.retention} values drops other events than the replay does.
 */
public final class EventAdmission {

    /**
     * Watermark bound: the watermark is the newest event time read so far minus this, minus 1 ms. The job's
     * {@code --out.of.orderness} default ({@code PipelineSettings}, {@code FeatureWorkflow.Options.defaults}).
     */
    public static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(2);
    /**
     * An event at most this far behind the watermark still counts; an older one is dropped (dead-lettered as
     * {@code late_event}). The job's {@code --allowed.lateness} default.
     */
    public static final Duration ALLOWED_LATENESS = Duration.ofMinutes(1);
    /**
     * A user's event ids are remembered while their event time is at most this far behind the user's newest event.
     * The job's {@code --dedup.retention} default.
     */
    public static final Duration DEDUP_RETENTION = Duration.ofHours(1);
    /** Ids per user the de-duplication keeps at least, the newest. The job's {@code SeenEvents.MAX_ENTRIES}. */
    public static final int DEDUP_KEPT_IDS = 4_096;
    /**
     * Ids per user at which the oldest are forgotten in one pass, back to {@link #DEDUP_KEPT_IDS}. The job's
     * {@code SeenEventIds.PRUNE_AT}.
     */
    public static final int DEDUP_PRUNE_AT = DEDUP_KEPT_IDS + DEDUP_KEPT_IDS / 4;
    /**
     * A user's remembered ids are forgotten once the watermark reaches the first multiple of this after the user's
     * newest event time plus {@link #DEDUP_RETENTION} ({@link #dedupForgetsAt}): the job's cleanup timers sit on this
     * grid ({@code DeduplicateEvents} registers them at {@link #dedupForgetsAt}), one pending per user.
     */
    public static final Duration DEDUP_CLEANUP_GRID = Duration.ofMinutes(10);
    /**
     * An event stamped further ahead of the wall clock than this is rejected ({@code timestamp_out_of_range}), and one
     * further ahead of its Kafka record does not move the watermark. The job's {@code --max.future.skew} default
     * ({@code PipelineSettings}), the same as the ingest endpoint's ({@link EventCodec#DEFAULT_MAX_FUTURE_SKEW_MS}).
     */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofMillis(EventCodec.DEFAULT_MAX_FUTURE_SKEW_MS);

    private static final long BOUND_MS = OUT_OF_ORDERNESS.toMillis();
    private static final long LATENESS_MS = ALLOWED_LATENESS.toMillis();
    /**
     * How far behind the newest event read before it an event may be and still count (62,001 ms): 1 ms more and
     * {@link #tooLate} drops it. The bound, the watermark's 1 ms and the allowed lateness, for help texts and reports.
     */
    public static final long ON_TIME_BEHIND_MS = BOUND_MS + 1 + LATENESS_MS;
    private static final long GRID_MS = DEDUP_CLEANUP_GRID.toMillis();

    private EventAdmission() {
    }

    /**
     * The watermark after events up to {@code newestEventTime} were read ({@code Long.MIN_VALUE}: none yet), as the
     * job's {@code EventTimeWatermarks} emits it.
     */
    public static long watermark(long newestEventTime) {
        return newestEventTime == Long.MIN_VALUE ? Long.MIN_VALUE : newestEventTime - BOUND_MS - 1;
    }

    /**
     * Whether the job drops an event stamped {@code timestamp} that arrives when the newest event time read before
     * it is {@code newestEventTime}: more than {@link #ALLOWED_LATENESS} behind the watermark ({@code LateEvents}).
     */
    public static boolean tooLate(long timestamp, long newestEventTime) {
        long wm = watermark(newestEventTime);
        return wm != Long.MIN_VALUE && timestamp < wm - LATENESS_MS;
    }

    /**
     * The watermark at which the job forgets a user whose newest accepted event time is {@code newestEventTime}, with
     * a de-duplication retention of {@code retention}: the time of the user's pending cleanup timer
     * ({@code DeduplicateEvents}). It is always past {@code newestEventTime + retention}, so the timer forgets the
     * user unless a newer event moved the timer on.
     */
    public static long dedupForgetsAt(long newestEventTime, Duration retention) {
        return Math.floorDiv(newestEventTime + retention.toMillis(), GRID_MS) * GRID_MS + GRID_MS;
    }
}
