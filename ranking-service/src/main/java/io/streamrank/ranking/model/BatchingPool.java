package io.streamrank.ranking.model;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.streamrank.contract.model.ModelInputBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of predictor slots shared by concurrent scoring requests, with dynamic batching: requests that wait for
 * a slot are scored together, in one model call over their concatenated rows, by whichever of them gets the next free
 * slot; the others take their scores from that call. A model call has a fixed cost (creating the input tensors,
 * running the graph's executor) besides its per-row work, so under load this cuts the CPU per request, and a request
 * waits at most for the call in progress instead of for every request queued before it. Nothing waits to fill a
 * batch: when a slot is free a request is scored at once, alone, so an idle service answers as before (ADR 28).
 * <p>
 * A call takes the waiting requests in arrival order while their rows fit in {@code maxRows} (a request larger than
 * that is scored alone); a failed call fails every request in it. No extra threads: the leading request's thread makes
 * the call.
 *
 * @param <S> a slot: a predictor and what only its holder may use
 */
final class BatchingPool<S> {

    /** One model call on a slot held exclusively; returns one score per row of {@code rows}. */
    interface Call<S> {
        float[] score(S slot, ModelInputBatch rows) throws Exception;
    }

    private static final class Job {
        final ModelInputBatch batch;
        final long enqueuedNanos;
        /**
         * Its own condition, so that a finished call wakes exactly its requests and a returned slot exactly the
         * next leader, not every waiting thread (each wake-up is a context switch on a busy core).
         */
        final Condition wake;
        float[] scores;
        Exception failure;
        /** Guarded by the pool's lock. */
        boolean done;

        Job(ModelInputBatch batch, Condition wake) {
            this.batch = batch;
            this.enqueuedNanos = System.nanoTime();
            this.wake = wake;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final List<S> all;
    private final ArrayDeque<S> free;
    /**
     * Per slot, the batch its calls for several requests join their rows into, kept: a new one per such call was
     * ~90 KB of garbage for two 500-row requests (ADR 72). Only the slot's holder uses it.
     */
    private final Map<S, ModelInputBatch> joined = new IdentityHashMap<>();
    private final ArrayDeque<Job> waiting = new ArrayDeque<>();
    private final int maxRows;
    private final Call<S> call;
    private final Timer slotWait;
    private final DistributionSummary requestsPerCall;

    BatchingPool(List<S> slots, int maxRows, Call<S> call, Timer slotWait, DistributionSummary requestsPerCall) {
        if (slots.isEmpty() || maxRows < 1) {
            throw new IllegalArgumentException("need at least one slot and maxRows >= 1");
        }
        this.all = List.copyOf(slots);
        this.free = new ArrayDeque<>(slots);
        slots.forEach(slot -> joined.put(slot, new ModelInputBatch(1)));
        this.maxRows = maxRows;
        this.call = call;
        this.slotWait = slotWait;
        this.requestsPerCall = requestsPerCall;
    }

    /** Requests waiting for a call to take them. */
    int queued() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** Every slot, for closing them once no request is in flight. */
    List<S> slots() {
        return all;
    }

    /**
     * The batch's scores, from a call this thread makes or one another waiting request makes for it.
     *
     * @throws InterruptedException when interrupted before a call took the batch (once taken, its result is awaited)
     * @throws Exception            what the model call that scored the batch threw
     */
    float[] score(ModelInputBatch batch) throws Exception {
        boolean interrupted = false;
        lock.lock();
        try {
            Job job = new Job(batch, lock.newCondition());
            waiting.addLast(job);
            while (!job.done) {
                if (!free.isEmpty() && !waiting.isEmpty()) {
                    lead();
                    continue;
                }
                try {
                    job.wake.await();
                } catch (InterruptedException e) {
                    if (waiting.remove(job)) {
                        wakeNextLeader(); // it may have been woken to lead
                        throw e;
                    }
                    interrupted = true; // a call in progress holds it: its result follows within that call
                }
            }
            if (job.failure != null) {
                throw job.failure;
            }
            return job.scores;
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** With the lock held: while a slot is free and requests wait, the first of them is woken to lead a call. */
    private void wakeNextLeader() {
        if (!free.isEmpty() && !waiting.isEmpty()) {
            waiting.peekFirst().wake.signal();
        }
    }

    /** With the lock held: takes a slot and the waiting requests that fit, calls the model without the lock. */
    private void lead() {
        S slot = free.pollFirst();
        List<Job> jobs = new ArrayList<>();
        int rows = 0;
        while (!waiting.isEmpty() && (jobs.isEmpty() || rows + waiting.peekFirst().batch.size() <= maxRows)) {
            Job j = waiting.pollFirst();
            rows += j.batch.size();
            jobs.add(j);
        }
        wakeNextLeader(); // requests left over by the row cap, when another slot is free
        lock.unlock();
        try {
            callFor(slot, jobs);
        } finally {
            lock.lock();
            for (Job j : jobs) {
                j.done = true;
                j.wake.signal();
            }
            free.addLast(slot);
            wakeNextLeader();
        }
    }

    private void callFor(S slot, List<Job> jobs) {
        long start = System.nanoTime();
        // Everything inside the try: a job marked done with neither scores nor a failure would return null scores.
        try {
            List<ModelInputBatch> batches = new ArrayList<>(jobs.size());
            for (Job j : jobs) {
                // Part of the score stage: when it grows, requests queue for slots (the CPUs or the pool are
                // saturated).
                slotWait.record(start - j.enqueuedNanos, TimeUnit.NANOSECONDS);
                batches.add(j.batch);
            }
            requestsPerCall.record(jobs.size());
            float[] scores = call.score(slot, ModelInputBatch.concat(batches, joined.get(slot)));
            int expected = batches.stream().mapToInt(ModelInputBatch::size).sum();
            if (scores.length != expected) {
                throw new IllegalStateException("the model returned " + scores.length + " scores for " + expected
                        + " rows");
            }
            int from = 0;
            for (Job j : jobs) {
                j.scores = jobs.size() == 1 ? scores : Arrays.copyOfRange(scores, from, from + j.batch.size());
                from += j.batch.size();
            }
        } catch (Exception e) {
            jobs.forEach(j -> j.failure = e);
        } catch (Error e) {
            // Not rethrown: an Error of the native call (JavaCPP's OutOfMemoryError, say) fails each request of the
            // call as an exception, so that each answers in fallback order as docs/api.md promises instead of the
            // leading thread's answering 500, and the leader's own request, when the row cap left it waiting, is
            // still scored for it.
            IllegalStateException failed = new IllegalStateException("model call failed: " + e, e);
            jobs.forEach(j -> j.failure = failed);
        }
    }
}
