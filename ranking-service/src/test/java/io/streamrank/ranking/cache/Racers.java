package io.streamrank.ranking.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Four threads hammering one cache with random puts and gets of a few ids, counting the hits and the hits whose value
 * was not one put for the id asked (torn, mixed up, or another id's): the cache tests' race check.
 */
final class Racers {

    /** One thread's step, a put or a get: 1 for a wrong hit, 0 for a right one, -1 for no hit (a put or a miss). */
    interface Step {
        int run(Random random, int iteration);
    }

    private Racers() {
    }

    /** Runs the step on four threads, then asserts that no hit was wrong and every thread had hits. */
    static void race(int iterations, Step step) throws InterruptedException {
        int threads = 4;
        Thread[] workers = new Thread[threads];
        long[] wrong = new long[threads];
        long[] hits = new long[threads];
        // A step that throws ends only its own thread: without this the race passed on the other threads' hits.
        Queue<Throwable> thrown = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            workers[t] = new Thread(() -> {
                Random random = new Random(me);
                try {
                    for (int i = 0; i < iterations; i++) {
                        int r = step.run(random, i);
                        if (r >= 0) {
                            hits[me]++;
                            wrong[me] += r;
                        }
                    }
                } catch (Throwable e) {
                    thrown.add(e);
                }
            });
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        assertThat(thrown).as("exceptions in the racing threads").isEmpty();
        assertThat(wrong).containsOnly(0L);
        assertThat(Arrays.stream(hits).min().orElseThrow()).isPositive();
    }
}
