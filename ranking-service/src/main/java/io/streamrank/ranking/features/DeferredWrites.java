package io.streamrank.ranking.features;

import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.RedisCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Fire-and-forget writes that ride along with the next round any request sends on the shared connection, ahead of
 * that round's reads, instead of being written on their own: a write of its own costs a wake-up of Lettuce's event
 * loop, a socket write and Redis's read of it, about a quarter of what a request's Redis work costs the service (ADR
 * 38). A write no round picks up within {@code delay} is sent by a timer. Every batch goes out through
 * {@link #send} under one lock, taking the pending writes with it, so batches reach the connection in the order they
 * took them; Redis executes one connection's commands in order: a read sent after a write was deferred sees it.
 */
final class DeferredWrites {

    private final ConcurrentLinkedQueue<RedisCommand<String, String, ?>> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    /** Held from taking the pending writes until their batch is handed to the connection (a few microseconds). */
    private final ReentrantLock sending = new ReentrantLock();
    private final ScheduledExecutorService timer;
    private final long delayNanos;
    private final Consumer<List<RedisCommand<String, String, ?>>> dispatch;

    /** @param dispatch writes a batch to the connection (may throw when Redis is unreachable) */
    DeferredWrites(Duration delay, Consumer<List<RedisCommand<String, String, ?>>> dispatch) {
        this.delayNanos = delay.toNanos();
        this.dispatch = dispatch;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "redis-deferred-writes");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    /** Queues the commands for the next round, or for the timer if no round is sent before it fires. */
    void add(List<RedisCommand<String, String, ?>> commands) {
        pending.addAll(commands);
        if (flushScheduled.compareAndSet(false, true)) {
            timer.schedule(this::flush, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Writes the pending writes and then {@code own} as one batch; an empty {@code own} sends only what is pending.
     *
     * @throws RuntimeException what the connection threw; every command of the batch is then failed with it
     */
    void send(List<RedisCommand<String, String, ?>> own) {
        sending.lock();
        List<RedisCommand<String, String, ?>> batch = new ArrayList<>(own.size() + 8);
        try {
            for (RedisCommand<String, String, ?> c = pending.poll(); c != null; c = pending.poll()) {
                batch.add(c);
            }
            batch.addAll(own);
            if (!batch.isEmpty()) {
                dispatch.accept(batch);
            }
        } catch (RuntimeException e) {
            fail(batch, e);
            throw e;
        } finally {
            sending.unlock();
        }
    }

    /** Sends what no round took; a failure fails those commands (their callers count it), never the timer. */
    void flush() {
        flushScheduled.set(false);
        try {
            send(List.of());
        } catch (RuntimeException e) {
            // already failed the commands
        }
    }

    /** Completes the batch's commands with the failure, so that callbacks on them run. */
    private static void fail(List<RedisCommand<String, String, ?>> batch, Throwable e) {
        for (RedisCommand<String, String, ?> c : batch) {
            if (c instanceof AsyncCommand<String, String, ?> async) {
                async.completeExceptionally(e);
            }
        }
    }

    /** Sends what is pending and stops the timer. */
    void close() {
        flush();
        timer.shutdownNow();
    }
}
