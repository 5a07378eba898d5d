package io.streamrank.ranking.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamrank.ranking.TestProperties;
import io.streamrank.ranking.warmup.WarmupToken;
import io.streamrank.ranking.web.ApiException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ConcurrencyLimitTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private ConcurrencyLimit limit(int slots, int waiting, String timeout) {
        return limit(slots, waiting, timeout, timeout);
    }

    private ConcurrencyLimit limit(int slots, int waiting, String timeout, String overloadWait) {
        return new ConcurrencyLimit(TestProperties.load(Map.of(
                "streamrank.api.max-concurrent", Integer.toString(slots),
                "streamrank.api.max-waiting", Integer.toString(waiting),
                "streamrank.api.acquire-timeout", timeout,
                "streamrank.api.overload-wait", overloadWait)), new RecommendMetrics(meters), meters,
                new WarmupToken());
    }

    @Test
    void aWaiterGetsTheSlotWhenItIsReleasedAndOneBeyondTheWaitListIsRefusedAtOnce() throws Exception {
        ConcurrencyLimit limit = limit(1, 1, "1m");
        MockHttpServletRequest first = new MockHttpServletRequest();
        limit.acquire(first);

        MockHttpServletRequest second = new MockHttpServletRequest();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> handle(limit, second));
        awaitWaiting(1);
        // The wait list is full: no wait at all, although the timeout is a minute.
        assertThatThrownBy(() -> limit.acquire(new MockHttpServletRequest()))
                .isInstanceOf(ApiException.class).hasMessageContaining("retry after 1 s");
        assertThat(waiter).isNotDone();

        limit.release();
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(waiting()).isZero();
        assertThat(meters.get("streamrank.recommend.requests").tag("outcome", "overloaded").counter().count())
                .isEqualTo(1.0);

        // The waiter holds the slot like any admitted request: the next one gets it once the waiter completes.
        limit.release();
        limit.acquire(new MockHttpServletRequest());
    }

    @Test
    void aWaitListBusyForLongerThanTheTimeoutIsAnOverloadAndNewWaitersGetOnlyTheOverloadWait() {
        ConcurrencyLimit limit = limit(8, 32, "50ms", "5ms");
        // Busy for less than the timeout: a stall such as a GC pause, worth riding out.
        assertThat(limit.waitFor(0)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(limit.waitFor(TimeUnit.MILLISECONDS.toNanos(49))).isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(limit.waitFor(TimeUnit.MILLISECONDS.toNanos(51))).isEqualTo(TimeUnit.MILLISECONDS.toNanos(5));
        // An overload wait longer than the timeout would make overload the gentler case: capped.
        assertThat(limit(8, 32, "50ms", "1s").waitFor(TimeUnit.SECONDS.toNanos(2)))
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void aWaiterThatReadsTheBusyStartBeforeTheFirstWaiterWroteItCountsTheListAsJustBusy() {
        long now = TimeUnit.SECONDS.toNanos(1_000);
        // Unwritten yet: the start of a period long over would have made this waiter an overload's (5 ms, then 503).
        assertThat(ConcurrencyLimit.busyFor(now, ConcurrencyLimit.IDLE)).isZero();
        assertThat(ConcurrencyLimit.busyFor(now, now - 7)).isEqualTo(7);
    }

    @Test
    void aWaiterWhoseTimeIsUpIsRefusedAndLeavesTheWaitList() throws Exception {
        ConcurrencyLimit limit = limit(1, 4, "20ms");
        limit.acquire(new MockHttpServletRequest());
        assertThatThrownBy(() -> limit.acquire(new MockHttpServletRequest()))
                .isInstanceOf(ApiException.class);
        assertThat(waiting()).isZero();
    }

    @Test
    void withNoWaitListEveryRequestBeyondTheSlotsIsRefused() throws Exception {
        ConcurrencyLimit limit = limit(2, 0, "1m");
        limit.acquire(new MockHttpServletRequest());
        limit.acquire(new MockHttpServletRequest());
        assertThatThrownBy(() -> limit.acquire(new MockHttpServletRequest()))
                .isInstanceOf(ApiException.class);
        assertThat(waiting()).isZero();
    }

    private static boolean handle(ConcurrencyLimit limit, MockHttpServletRequest request) {
        try {
            limit.acquire(request);
            return true;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private double waiting() {
        return meters.get("streamrank.recommend.waiting").gauge().value();
    }

    private void awaitWaiting(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiting() != n) {
            assertThat(System.nanoTime()).as("a request waiting for the slot").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
