package io.streamrank.ranking.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamrank.ranking.TestProperties;
import io.streamrank.ranking.cache.Tracking;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListCacheTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final ListCache cache = new ListCache(TestProperties.load(Map.of(
            "streamrank.retrieval.list-cache-ttl", "2s", "streamrank.retrieval.list-cache-serve-stale", "30s")),
            new SimpleMeterRegistry());

    @Test
    void aListReadAgainUnchangedRenewsTheCachedEntryInPlace() {
        // A refresh that finds the list unchanged keeps the cached entry (no new list, ids and array to outlive young
        // collections, ADR 50), fresh again, with its next stale spell claimable again.
        cache.put("co:1", IdList.of(new long[] {3, 1, 2}, 3), 10, 0);
        ListCache.Listed first = cache.find("co:1", 10, 3 * SECOND);
        assertThat(cache.isStale(first, 3 * SECOND)).isTrue();
        assertThat(first.claimRefresh()).isTrue();
        assertThat(first.claimRefresh()).as("claimed once").isFalse();

        cache.put("co:1", IdList.of(new long[] {3, 1, 2, 9}, 3), 10, 3 * SECOND);
        ListCache.Listed renewed = cache.find("co:1", 10, 3 * SECOND + 1);
        assertThat(renewed).isSameAs(first);
        assertThat(cache.isStale(renewed, 5 * SECOND - 1)).as("fresh for a TTL from the renewal").isFalse();
        assertThat(cache.isStale(renewed, 5 * SECOND)).isTrue();
        assertThat(renewed.claimRefresh()).as("the renewal cleared the claim").isTrue();
    }

    @Test
    void aRefreshClaimGivenBackAfterAFailedReadIsClaimedAgain() {
        cache.put("co:1", IdList.of(new long[] {3, 1, 2}, 3), 10, 0);
        ListCache.Listed stale = cache.find("co:1", 10, 3 * SECOND);
        assertThat(stale.claimRefresh()).isTrue();
        stale.releaseRefresh();
        assertThat(stale.claimRefresh()).as("the next request to use it owes the refresh").isTrue();
        assertThat(stale.claimRefresh()).isFalse();
    }

    @Test
    void oneReadServesEveryLimitItCoversAndAShortListServesAnyLimit() {
        // Users with one, two or three trigger items take 100, 50 or 34 members of a co-visitation list: one read of
        // 100 serves them all (ADR 57), from its first members.
        cache.put("co:1", IdList.of(new long[] {5, 4, 3, 2, 1}, 5), 5, 0);
        ListCache.Listed read = cache.find("co:1", 3, SECOND);
        assertThat(read.ids(3)).containsExactly(5L, 4L, 3L);
        assertThat(read.ids(5)).containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(cache.find("co:1", 6, SECOND)).as("read with 5 of a list that may have more").isNull();

        cache.put("co:2", IdList.of(new long[] {7, 8}, 2), 5, 0);
        ListCache.Listed whole = cache.find("co:2", 100, SECOND);
        assertThat(whole).as("2 members of 5 asked: the whole list").isNotNull();
        assertThat(whole.ids(100)).containsExactly(7L, 8L);
        assertThat(cache.holds("co:1", SECOND)).isTrue();
        assertThat(cache.holds("co:3", SECOND)).isFalse();
    }

    @Test
    void aListReadWithOtherMembersReplacesTheCachedEntry() {
        cache.put("co:1", IdList.of(new long[] {3, 1, 2}, 3), 10, 0);
        ListCache.Listed first = cache.find("co:1", 10, 0);

        cache.put("co:1", IdList.of(new long[] {1, 3, 2}, 3), 10, SECOND);
        ListCache.Listed next = cache.find("co:1", 10, SECOND);
        assertThat(next).isNotSameAs(first);
        assertThat(next.ids()).containsExactly(1L, 3L, 2L);
        assertThat(first.ids()).as("a request holding the old entry keeps its list").containsExactly(3L, 1L, 2L);
    }

    @Test
    void withTheShippedDefaultsAListChangedMinutesBeforeItsNextUseIsUsedOnceMoreWhileRefreshed() {
        // Under the feature job's write load most lists change between two uses; with ADR 47's 30 s window every list
        // changed more than 30 s before its next use was read in that request's second Redis round (a third of the
        // requests at 1,000/s on the bench, ADR 59).
        Tracking tracking = new Tracking(Duration.ofMinutes(10));
        ListCache shipped = new ListCache(TestProperties.load(Map.of()), new SimpleMeterRegistry(), tracking);
        tracking.trust(0);
        shipped.put("cv:1", IdList.of(new long[] {3, 1}, 2), 100, 0);
        shipped.expire("cv:1", 10 * SECOND);

        ListCache.Listed late = shipped.find("cv:1", 100, 10 * SECOND + 5 * 60 * SECOND);
        assertThat(late).as("changed 5 minutes ago, not read since").isNotNull();
        assertThat(shipped.isStale(late, 10 * SECOND + 5 * 60 * SECOND)).isTrue();
        assertThat(late.claimRefresh()).as("the request that uses it owes the refresh").isTrue();
        assertThat(shipped.find("cv:1", 100, 10 * SECOND + 11 * 60 * SECOND)).as("past the 10 min window").isNull();
    }

    @Test
    void whileTrackedAListOutlivesItsTtlUntilRedisAnnouncesItsKeyChanged() {
        Tracking tracking = new Tracking(Duration.ofMinutes(10));
        ListCache tracked = new ListCache(TestProperties.load(Map.of(
                "streamrank.retrieval.list-cache-ttl", "2s", "streamrank.retrieval.list-cache-serve-stale", "30s")),
                new SimpleMeterRegistry(), tracking);
        tracking.trust(0);
        tracked.put("co:1", IdList.of(new long[] {3, 1, 2, 5}, 4), 20, 10);
        tracked.put("co:12", IdList.of(new long[] {7}, 1), 10, 10);
        assertThat(tracked.isStale(tracked.find("co:1", 10, 60 * SECOND), 60 * SECOND)).isFalse();

        tracked.expire("co:1", 61 * SECOND);
        assertThat(tracked.isStale(tracked.find("co:1", 10, 61 * SECOND), 61 * SECOND)).isTrue();
        assertThat(tracked.isStale(tracked.find("co:1", 20, 61 * SECOND), 61 * SECOND)).isTrue();
        assertThat(tracked.isStale(tracked.find("co:12", 10, 61 * SECOND), 61 * SECOND))
                .as("another list whose key starts alike").isFalse();
        assertThat(tracked.find("co:1", 10, 92 * SECOND)).as("stale window over").isNull();

        // A reply read before an announcement that the request thread handles only after it: the short TTL.
        tracked.expire("co:2", 100 * SECOND);
        tracked.put("co:2", IdList.of(new long[] {4}, 1), 10, 100 * SECOND - 1);
        assertThat(tracked.isStale(tracked.find("co:2", 10, 102 * SECOND), 102 * SECOND)).isTrue();
    }

    @Test
    void aListChangedByThisInstanceIsDroppedAndALateReadFromBeforeTheChangeKeepsOnlyTheShortTtl() {
        Tracking tracking = new Tracking(Duration.ofMinutes(10));
        ListCache tracked = new ListCache(TestProperties.load(Map.of(
                "streamrank.retrieval.list-cache-ttl", "2s", "streamrank.retrieval.list-cache-serve-stale", "0s")),
                new SimpleMeterRegistry(), tracking);
        tracking.trust(0);
        tracked.put("cat:new", IdList.of(new long[] {1, 2}, 2), 10, SECOND);

        // A request read the list at 5 s; this instance then listed a new item at 6 s (no announcement comes for its
        // own write); only after that does the request put what it read.
        tracked.changedHere(java.util.List.of("cat:new"), 6 * SECOND);
        assertThat(tracked.find("cat:new", 10, 6 * SECOND)).as("dropped").isNull();
        tracked.put("cat:new", IdList.of(new long[] {1, 2}, 2), 10, 5 * SECOND);

        assertThat(tracked.isStale(tracked.find("cat:new", 10, 6 * SECOND), 6 * SECOND)).isFalse();
        assertThat(tracked.find("cat:new", 10, 8 * SECOND)).as("the short TTL, not ten minutes").isNull();
    }
}
