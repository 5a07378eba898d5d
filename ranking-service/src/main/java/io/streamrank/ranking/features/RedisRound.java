package io.streamrank.ranking.features;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.protocol.RedisCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A batch of commands written to the shared connection in one go and awaited together, so that they cost one network
 * round trip and one socket write. Commands are collected as they are added ({@link #add}) and handed to Lettuce as
 * one collection on {@link #send()} (or {@link #await()}): issued one by one, each would be its own event-loop task
 * and write system call, which profiles showed at ~5 % of the service's CPU for ~20 commands per request. Every feature
 * package adds its reads to the same round; {@link #await()} is bounded by the round's budget and turns any failure
 * into {@link FeatureStoreUnavailableException}. On a Redis Cluster (ADR 52) the batch is the same: Lettuce's cluster
 * API splits a multi-key command into one per slot, and its writer sends each command to the node owning its slot,
 * so a round is one round trip to each node it touches, all of them in flight at once.
 */
public final class RedisRound {

    /** Where added commands wait for {@link #send()} or {@link #defer()}. */
    private final CollectedCommands collected;
    /**
     * How long {@link #await()} waits before it flushes the connection once more (on a Redis Cluster, ADR 52): a
     * command that a node redirected ({@code MOVED}, {@code ASK}: resharding, failover) is re-sent by Lettuce on the
     * event loop, and with flushing left to the rounds it would wait for the next round any request sends.
     */
    static final long NUDGE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Duration budget;
    private final DeferredWrites deferred;
    /** Flushes the connection, for connections that do not flush by themselves; {@code null} for those that do. */
    private final Runnable flush;
    private final List<Reply<?>> replies = new ArrayList<>();
    private static final AtomicLong lastWrongTypeLog = new AtomicLong();
    private static final Logger log = LoggerFactory.getLogger(RedisRound.class);
    private boolean awaited;
    /** Told how the round went; {@code null}: nobody listens. */
    private RoundBreaker breaker;

    RedisRound(StatefulConnection<String, String> connection, Duration budget, DeferredWrites deferred,
               Runnable flush) {
        this.collected = new CollectedCommands(connection);
        this.budget = budget;
        this.deferred = deferred;
        this.flush = flush;
    }

    /** Reports this round's outcome to {@code b} (a timeout, or every reply in time). */
    RedisRound reportingTo(RoundBreaker b) {
        this.breaker = b;
        return this;
    }

    /**
     * Adds one command; it is written on {@link #send()} and its reply read with {@link Reply#get()} after
     * {@link #await()}.
     */
    public <T> Reply<T> add(Function<RedisClusterAsyncCommands<String, String>, RedisFuture<T>> command) {
        if (awaited) {
            throw new IllegalStateException("round already awaited");
        }
        RedisFuture<T> f;
        try {
            f = command.apply(collected.commands());
        } catch (RuntimeException e) {
            throw new FeatureStoreUnavailableException("Redis rejected a command", e);
        }
        Reply<T> reply = new Reply<>(f);
        replies.add(reply);
        return reply;
    }

    /**
     * Adds a read whose reply is {@code absent} when Redis answers it {@code WRONGTYPE} (its key holds another type of
     * value: a key left under the service's prefix by another version or by hand), rather than failing the round: as
     * {@link #add}, one such key made every request reading it (a user's, a hot item's list) answer degraded and count
     * as a Redis outage. Logged at most once a minute.
     */
    public <T> Reply<T> addRead(Function<RedisClusterAsyncCommands<String, String>, RedisFuture<T>> command,
                                T absent) {
        Reply<T> reply = add(command);
        reply.absent = absent;
        reply.lenient = true;
        return reply;
    }

    /** Whether {@code t} is Redis's answer that a key holds another type of value. */
    static boolean wrongType(Throwable t) {
        return t instanceof RedisCommandExecutionException && t.getMessage() != null
                && t.getMessage().startsWith("WRONGTYPE");
    }

    private static void logWrongType(Throwable t) {
        long now = System.nanoTime();
        long last = lastWrongTypeLog.get();
        if ((last == 0L || now - last > TimeUnit.MINUTES.toNanos(1)) && lastWrongTypeLog.compareAndSet(last, now)) {
            log.warn("Redis answered a read with {}: a key under the service's prefix holds another type of value; "
                    + "read as absent (features missing, an empty list) rather than as Redis down", t.getMessage());
        }
    }

    /**
     * Adds a read whose reply nobody waits for, a background refresh of a cached value (ADR 47): {@code onReply} takes
     * the reply on Lettuce's event loop when it comes, {@code onFailure} runs instead when the read fails or times out
     * (to give up the refresh's claim, so that the next request to use the stale value tries again). Meant for rounds
     * that are {@link #defer() deferred}.
     */
    public <T> void addRefresh(Function<RedisClusterAsyncCommands<String, String>, RedisFuture<T>> command,
                               Consumer<? super T> onReply, Runnable onFailure) {
        RedisFuture<T> f;
        try {
            f = add(command).future;
        } catch (FeatureStoreUnavailableException e) {
            onFailure.run();
            throw e;
        }
        f.whenComplete((reply, failure) -> {
            if (failure == null) {
                onReply.accept(reply);
            } else {
                onFailure.run();
            }
        });
    }

    /** True while no command was added (awaiting it then costs no round trip). */
    public boolean isEmpty() {
        return replies.isEmpty();
    }

    /**
     * Writes the commands added since the last send, in one batch, without waiting for their replies: callers with
     * in-process work to do meanwhile send first and await after it. Writes other requests deferred ({@link #defer()})
     * go first in the same batch.
     */
    public void send() {
        if (collected.isEmpty()) {
            return;
        }
        List<RedisCommand<String, String, ?>> batch = collected.drain();
        try {
            deferred.send(batch);
        } catch (RuntimeException e) {
            throw new FeatureStoreUnavailableException("Redis rejected the commands", e);
        }
    }

    /**
     * Hands the commands added so far, writes and {@link #addRefresh refreshes} whose replies nobody waits for, to the
     * next round any request sends (at the latest after {@link RedisConnection#DEFERRED_WRITE_DELAY}) instead of
     * writing them now: they cost no socket write of their own. A failure shows only in their futures. The round takes
     * no more commands.
     */
    public void defer() {
        awaited = true;
        if (!collected.isEmpty()) {
            deferred.add(collected.drain());
        }
    }

    /** Sends what is unsent, then waits for every reply of the round within the budget. */
    public void await() {
        send();
        awaited = true;
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        boolean nudged = flush == null;
        for (Reply<?> r : replies) {
            RedisFuture<?> f = r.future;
            try {
                if (!nudged && !f.isDone()) {
                    nudged = true;
                    try {
                        // The earlier of the two, by difference: nanoTime values may wrap.
                        long until = NUDGE_NANOS - budget.toNanos() < 0 ? start + NUDGE_NANOS : deadline;
                        f.get(Math.max(0L, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                    } catch (TimeoutException slow) {
                        flush.run();
                    }
                }
                f.get(Math.max(0L, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FeatureStoreUnavailableException("interrupted", e);
            } catch (TimeoutException e) {
                if (breaker != null) {
                    breaker.timedOut(System.nanoTime());
                }
                throw new FeatureStoreUnavailableException("Redis call failed or timed out", e);
            } catch (ExecutionException e) {
                if (r.lenient && wrongType(e.getCause())) {
                    logWrongType(e.getCause()); // Redis answered: this reply alone is absent (addRead)
                    continue;
                }
                throw new FeatureStoreUnavailableException("Redis call failed or timed out", e);
            } catch (RuntimeException e) {
                throw new FeatureStoreUnavailableException("Redis call failed or timed out", e);
            }
        }
        if (breaker != null) {
            breaker.succeeded();
        }
    }

    /** The reply of one command of an awaited round. */
    public static final class Reply<T> {

        private final RedisFuture<T> future;
        /** For an {@link #addRead} read: what a WRONGTYPE reply reads as. */
        private T absent;
        private boolean lenient;

        private Reply(RedisFuture<T> future) {
            this.future = future;
        }

        public T get() {
            if (!future.isDone()) {
                throw new IllegalStateException("round not awaited yet");
            }
            try {
                return future.toCompletableFuture().join();
            } catch (CompletionException e) {
                if (lenient && wrongType(e.getCause())) {
                    return absent;
                }
                throw e;
            }
        }

        /**
         * When the reply was read ({@link System#nanoTime()}) on the event loop: the time a cache puts the value it
         * holds with (ADR 56). Now, for a command whose reply is not its own (a Redis Cluster's split MGET).
         */
        public long readAtNanos() {
            return CollectedCommands.readAtNanos(future);
        }
    }
}
