package io.streamrank.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.contract.model.ModelInputBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The batching logic alone, with a pure function of the rows standing in for the model (the DJL path is covered by
 * the model ITs): every request must get exactly its own rows' scores, whichever call scored them.
 */
class BatchingPoolTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Timer wait = Timer.builder("wait").register(meters);
    private final DistributionSummary perCall = DistributionSummary.builder("per-call").register(meters);
    private final ExecutorService threads = Executors.newFixedThreadPool(12);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** Scores: item id × 10 + the slot's number, so a test sees both the rows and the slot that scored them. */
    private static float[] fake(int slot, ModelInputBatch rows) {
        float[] out = new float[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.itemId(i) * 10 + slot;
        }
        return out;
    }

    private static ModelInputBatch request(long firstItem, int rows) {
        UserFeatures user = UserFeatures.EMPTY;
        ModelInputBatch b = new ModelInputBatch(rows);
        for (int i = 0; i < rows; i++) {
            b.add(user, ItemFeatures.MISSING, firstItem + i, 0L, 1L, 1L);
        }
        return b;
    }

    /** A one-slot model whose first call blocks until released, so that the requests sent meanwhile queue. */
    private final class Gate {
        final CountDownLatch running = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Integer> callSizes = new CopyOnWriteArrayList<>();

        BatchingPool<Integer> pool(int maxRows, BatchingPool.Call<Integer> afterTheFirst) {
            return new BatchingPool<>(List.of(0), maxRows, (slot, rows) -> {
                callSizes.add(rows.size());
                if (callSizes.size() > 1) {
                    return afterTheFirst.score(slot, rows);
                }
                running.countDown();
                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                return fake(slot, rows);
            }, wait, perCall);
        }

        void awaitRunning() throws InterruptedException {
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aRequestFindingAFreeSlotIsScoredAloneAtOnce() throws Exception {
        BatchingPool<Integer> pool = new BatchingPool<>(List.of(0, 1), 2000, BatchingPoolTest::fake, wait, perCall);

        float[] scores = pool.score(request(5, 3));

        assertThat(scores).containsExactly(50f, 60f, 70f);
        assertThat(perCall.count()).isEqualTo(1);
        assertThat(perCall.totalAmount()).isEqualTo(1);
    }

    @Test
    void sequentialCallsRotateThroughTheSlots() throws Exception {
        BatchingPool<Integer> pool = new BatchingPool<>(List.of(0, 1, 2), 2000, BatchingPoolTest::fake, wait,
                perCall);
        List<Float> slotsUsed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            slotsUsed.add(pool.score(request(0, 1))[0]);
        }
        // The warm-up relies on this: one call per slot warms every predictor.
        assertThat(slotsUsed).containsExactly(0f, 1f, 2f);
    }

    @Test
    void requestsWaitingForTheOnlySlotAreScoredTogetherEachGettingItsOwnScores() throws Exception {
        Gate gate = new Gate();
        BatchingPool<Integer> pool = gate.pool(2000, BatchingPoolTest::fake);

        Future<float[]> first = threads.submit(() -> pool.score(request(1000, 2)));
        gate.awaitRunning();
        List<Future<float[]>> waiting = new ArrayList<>();
        for (int r = 0; r < 5; r++) {
            long firstItem = 100L * (r + 1);
            int rows = r + 1;
            waiting.add(threads.submit(() -> pool.score(request(firstItem, rows))));
        }
        awaitQueued(pool, 5);
        gate.release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly(10000f, 10010f);
        for (int r = 0; r < 5; r++) {
            float[] s = waiting.get(r).get(10, TimeUnit.SECONDS);
            assertThat(s).hasSize(r + 1);
            for (int i = 0; i < s.length; i++) {
                assertThat(s[i]).isEqualTo((100f * (r + 1) + i) * 10);
            }
        }
        assertThat(gate.callSizes).as("the five waiting requests in one call").containsExactly(2, 1 + 2 + 3 + 4 + 5);
        assertThat(perCall.max()).isEqualTo(5);
    }

    @Test
    void aCallTakesWaitingRequestsInArrivalOrderOnlyWhileTheirRowsFit() throws Exception {
        Gate gate = new Gate();
        BatchingPool<Integer> pool = gate.pool(10, BatchingPoolTest::fake);

        Future<float[]> first = threads.submit(() -> pool.score(request(0, 1)));
        gate.awaitRunning();
        List<Future<float[]>> waiting = new ArrayList<>();
        int[] sizes = {4, 5, 12, 3};
        for (int r = 0; r < sizes.length; r++) {
            int rows = sizes[r];
            waiting.add(threads.submit(() -> pool.score(request(0, rows))));
            awaitQueued(pool, r + 1); // arrival order is the submission order
        }
        gate.release.countDown();

        first.get(10, TimeUnit.SECONDS);
        for (int r = 0; r < sizes.length; r++) {
            assertThat(waiting.get(r).get(10, TimeUnit.SECONDS)).hasSize(sizes[r]);
        }
        // 4 + 5 fit in 10; 12 is larger than a call and goes alone; 3 after it.
        assertThat(gate.callSizes).containsExactly(1, 9, 12, 3);
    }

    /** A model call failing with an exception (a native error reported) or an Error (JavaCPP out of memory). */
    static Stream<Throwable> failures() {
        return Stream.of(new IllegalStateException("native failure"),
                new OutOfMemoryError("Physical memory usage is too high"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void aFailedCallFailsEveryRequestInItWithAnExceptionAndTheSlotServesAgain(Throwable failure) throws Exception {
        Gate gate = new Gate();
        BatchingPool<Integer> pool = gate.pool(2000, (slot, rows) -> {
            if (gate.callSizes.size() == 2) {
                if (failure instanceof Error error) {
                    throw error;
                }
                throw (Exception) failure;
            }
            return fake(slot, rows);
        });

        Future<float[]> first = threads.submit(() -> pool.score(request(1, 1)));
        gate.awaitRunning();
        Future<float[]> a = threads.submit(() -> pool.score(request(2, 2)));
        Future<float[]> b = threads.submit(() -> pool.score(request(3, 3)));
        awaitQueued(pool, 2);
        gate.release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly(10f);
        // Both requests of the failed call, the one whose thread led it included, get an exception: RoleScoring turns
        // exceptions into a fallback answer, where an Error would have answered 500.
        for (Future<float[]> f : List.of(a, b)) {
            Throwable thrown = catchThrowable(() -> f.get(10, TimeUnit.SECONDS));
            assertThat(thrown.getCause()).isInstanceOf(Exception.class);
            assertThat(thrown).rootCause().isSameAs(failure);
        }
        assertThat(pool.score(request(7, 1))).containsExactly(70f);
        assertThat(pool.queued()).isZero();
    }

    @Test
    void aWrongNumberOfScoresFailsTheCallInsteadOfMisassigningScores() {
        BatchingPool<Integer> pool = new BatchingPool<>(List.of(0), 2000, (slot, rows) -> new float[1], wait,
                perCall);

        assertThatThrownBy(() -> pool.score(request(1, 2))).hasMessageContaining("1 scores for 2 rows");
    }

    @Test
    void manyConcurrentRequestsOnTwoSlotsAllGetTheirOwnScores() throws Exception {
        AtomicInteger inCall = new AtomicInteger();
        AtomicInteger maxInCall = new AtomicInteger();
        BatchingPool<Integer> pool = new BatchingPool<>(List.of(0, 1), 700, (slot, rows) -> {
            maxInCall.accumulateAndGet(inCall.incrementAndGet(), Math::max);
            try {
                Thread.sleep(0, 200_000);
                return fake(0, rows);
            } finally {
                inCall.decrementAndGet();
            }
        }, wait, perCall);
        List<Future<Boolean>> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            int client = c;
            clients.add(threads.submit(() -> {
                for (int i = 0; i < 300; i++) {
                    long firstItem = client * 1_000_000L + i * 1_000L;
                    int rows = 1 + (i * 37 + client) % 400;
                    float[] s = pool.score(request(firstItem, rows));
                    if (s.length != rows) {
                        return false;
                    }
                    for (int j = 0; j < rows; j++) {
                        if (s[j] != (firstItem + j) * 10f) {
                            return false;
                        }
                    }
                }
                return true;
            }));
        }
        for (Future<Boolean> c : clients) {
            assertThat(c.get(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(maxInCall.get()).as("never more calls at once than slots").isLessThanOrEqualTo(2);
        assertThat(perCall.count()).as("some requests shared a call").isLessThan(8 * 300);
        assertThat(wait.count()).isEqualTo(8 * 300);
    }

    @Test
    void aRequestInterruptedWhileWaitingLeavesTheQueue() throws Exception {
        Gate gate = new Gate();
        BatchingPool<Integer> pool = gate.pool(2000, BatchingPoolTest::fake);
        Future<float[]> first = threads.submit(() -> pool.score(request(1, 1)));
        gate.awaitRunning();
        Future<float[]> interrupted = threads.submit(() -> pool.score(request(2, 5)));
        awaitQueued(pool, 1);

        interrupted.cancel(true);
        awaitQueued(pool, 0);
        Future<float[]> later = threads.submit(() -> pool.score(request(3, 2)));
        awaitQueued(pool, 1);
        gate.release.countDown();

        first.get(10, TimeUnit.SECONDS);
        assertThat(later.get(10, TimeUnit.SECONDS)).containsExactly(30f, 40f);
        assertThat(gate.callSizes).as("the interrupted request's rows were never scored").containsExactly(1, 2);
    }

    private static void awaitQueued(BatchingPool<?> pool, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.queued() != n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " queued requests, have " + pool.queued());
            }
            Thread.sleep(1);
        }
    }
}
