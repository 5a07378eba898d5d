package io.streamrank.ranking.features;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A batch of reads sent back-to-back on the shared connection and awaited together, so that they cost one network
 * round trip (Lettuce writes each command as it is issued and matches the replies in order). Every feature package
 * adds its reads to the same round; {@link #await()} is bounded by the round's budget and turns any failure into
 * {@link FeatureStoreUnavailableException}.
 */
public final class RedisRound {

    private final RedisAsyncCommands<String, String> commands;
    private final Duration budget;
    private final List<RedisFuture<?>> futures = new ArrayList<>();
    private boolean awaited;

    RedisRound(RedisAsyncCommands<String, String> commands, Duration budget) {
        this.commands = commands;
        this.budget = budget;
    }

    /** Issues one command now; its reply is read with {@link Reply#get()} after {@link #await()}. */
    public <T> Reply<T> add(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
        if (awaited) {
            throw new IllegalStateException("round already awaited");
        }
        RedisFuture<T> f;
        try {
            f = command.apply(commands);
        } catch (RuntimeException e) {
            throw new FeatureStoreUnavailableException("Redis rejected a command", e);
        }
        futures.add(f);
        return new Reply<>(f);
    }

    /** True while no command was added (awaiting it then costs no round trip). */
    public boolean isEmpty() {
        return futures.isEmpty();
    }

    /** Waits for every reply of the round within the budget. */
    public void await() {
        awaited = true;
        long deadline = System.nanoTime() + budget.toNanos();
        for (RedisFuture<?> f : futures) {
            try {
                f.get(Math.max(0L, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FeatureStoreUnavailableException("interrupted", e);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                throw new FeatureStoreUnavailableException("Redis call failed or timed out", e);
            }
        }
    }

    /** The reply of one command of an awaited round. */
    public static final class Reply<T> {

        private final RedisFuture<T> future;

        private Reply(RedisFuture<T> future) {
            this.future = future;
        }

        public T get() {
            if (!future.isDone()) {
                throw new IllegalStateException("round not awaited yet");
            }
            return future.toCompletableFuture().join();
        }
    }
}
