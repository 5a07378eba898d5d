package io.streamrank.ranking.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.features.ItemFeatures;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link ItemSlots} through the item feature values' four fields (category, clicks, as-of, updated-at), as
 * {@code ItemFeatureCache} stores them: category 0 is a cached absence ({@link ItemFeatures#MISSING}).
 */
class ItemSlotsTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Test
    void aValueComesBackFieldForFieldUntilItsTtlHasPassed() {
        ItemSlots cache = slots(Duration.ofSeconds(1), 1024);
        ItemFeatures f = new ItemFeatures(17L, 123, 1_700_000_000_000L, 1_700_000_000_500L);
        put(cache, 42, f, 0);
        assertThat(get(cache, 42, 0)).isEqualTo(f);
        assertThat(get(cache, 42, SECOND - 1)).isEqualTo(f);
        assertThat(get(cache, 42, SECOND)).isNull();
        assertThat(get(cache, 43, 0)).isNull();
    }

    @Test
    void aBatchedReadCopiesEachHitIntoTheRequestsColumnsAtItsPosition() {
        ItemSlots cache = slots(Duration.ofSeconds(1), 1024);
        put(cache, 42, new ItemFeatures(17L, 123, 1_700_000_000_000L, 1_700_000_000_500L), 0);
        put(cache, 9, ItemFeatures.MISSING, 0);
        ItemFeatureColumns columns = new ItemFeatureColumns(3, false);

        assertThat(cache.read(42, 1, null, columns, 2)).isTrue();
        assertThat(cache.read(9, 1, null, columns, 0)).as("a cached absence is a hit").isTrue();
        assertThat(cache.read(43, 1, null, columns, 1)).as("never put").isFalse();
        assertThat(cache.read(42, SECOND, null, columns, 1)).as("past its TTL").isFalse();

        assertThat(columns.categoryId(2)).isEqualTo(17L);
        assertThat(columns.clicks1h(2)).isEqualTo(123);
        assertThat(columns.updatedAt(2)).isEqualTo(1_700_000_000_500L);
        assertThat(columns.categoryId(0)).as("absent: category 0").isZero();
        columns.clear(2);
        assertThat(columns.categoryId(2)).isZero();
        assertThat(columns.clicks1h(2)).isZero();
        assertThat(columns.updatedAt(2)).as("kept for the value's age").isEqualTo(1_700_000_000_500L);
    }

    @Test
    void aCachedAbsenceComesBackAsTheMissingConstant() {
        ItemSlots cache = slots(Duration.ofSeconds(1), 16);
        put(cache, 9, ItemFeatures.MISSING, 0);
        assertThat(get(cache, 9, 1)).isSameAs(ItemFeatures.MISSING);
    }

    @Test
    void itemZeroIsNotFoundInSlotsNeverWritten() {
        // An unwritten slot holds zeros: id 0 with expiry 0 must not read as a cached value, whatever nanoTime is.
        ItemSlots cache = slots(Duration.ofSeconds(1), 16);
        assertThat(get(cache, 0, Long.MIN_VALUE)).isNull();
        assertThat(get(cache, 0, -1)).isNull();
    }

    @Test
    void expiryWorksAcrossTheSignChangeOfNanoTime() {
        ItemSlots cache = slots(Duration.ofSeconds(1), 16);
        long start = Long.MAX_VALUE - SECOND / 2;
        ItemFeatures f = new ItemFeatures(3L, 1, 2L, 3L);
        put(cache, 7, f, start);
        assertThat(get(cache, 7, start + SECOND / 4)).isEqualTo(f);
        assertThat(get(cache, 7, start + SECOND)).isNull();
    }

    @Test
    void aPutReplacesTheItemsValue() {
        ItemSlots cache = slots(Duration.ofSeconds(1), 1024);
        put(cache, 5, new ItemFeatures(1L, 1, 1L, 1L), 0);
        ItemFeatures newer = new ItemFeatures(1L, 2, 2L, 2L);
        put(cache, 5, newer, 10);
        assertThat(get(cache, 5, 20)).isEqualTo(newer);
    }

    @Test
    void aValueReadEarlierButPutLaterDoesNotReplaceTheOneReadAfterIt() {
        // A request read the item (reply at 10), an upsert wrote and cached the new value (reply at 20), and only then
        // did the request's put run: the older value must not come back for the rest of its TTL.
        ItemSlots cache = slots(Duration.ofSeconds(1), 1024);
        ItemFeatures written = new ItemFeatures(2L, 0, 2L, 2L);
        put(cache, 5, written, 20);
        put(cache, 5, new ItemFeatures(1L, 7, 1L, 1L), 10);

        assertThat(get(cache, 5, 30)).isEqualTo(written);
        ItemFeatures later = new ItemFeatures(2L, 3, 3L, 3L);
        put(cache, 5, later, 40);
        assertThat(get(cache, 5, 50)).as("a later read still replaces it").isEqualTo(later);
    }

    @Test
    void aNewerValueGivenTheShortTtlStillReplacesAnOlderOneWithTheTrackedTtl() {
        Tracking tracking = new Tracking(Duration.ofMinutes(10));
        tracking.trust(0);
        ItemSlots cache = slots(Duration.ofSeconds(1), Duration.ZERO, 1024, tracking);
        put(cache, 42, new ItemFeatures(1L, 1, 1L, 1L), 10);
        // Another key of the same set changed after the new value's reply: the new value gets the short TTL, so it
        // expires long before the old one would. It is still the newer value, and the one to keep.
        cache.expire(otherInSetOf(42, 1024), 30);
        ItemFeatures newer = new ItemFeatures(2L, 2, 2L, 2L);
        put(cache, 42, newer, 20);

        assertThat(get(cache, 42, 40)).isEqualTo(newer);
    }

    @Test
    void aZeroTtlCachesNothing() {
        ItemSlots off = slots(Duration.ZERO, 1024);
        put(off, 1, new ItemFeatures(1L, 1, 1L, 1L), 0);
        assertThat(off.enabled()).isFalse();
        assertThat(get(off, 1, 0)).isNull();
    }

    @Test
    void touchingABatchsSlotsChangesNoAnswerInAnySetOrWithTheCacheOff() {
        // The touch only loads lines ahead of the lookups: every set, the last one included, must be in bounds.
        ItemSlots cache = slots(Duration.ofSeconds(1), 64);
        long[] ids = new long[1000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i + 1;
            if (i % 2 == 0) {
                put(cache, ids[i], new ItemFeatures(ids[i], i, 1L, 2L), 0);
            }
        }
        ItemFeatures[] before = new ItemFeatures[ids.length];
        for (int i = 0; i < ids.length; i++) {
            before[i] = get(cache, ids[i], 1);
        }
        cache.touch(ids);
        slots(Duration.ZERO, 64).touch(ids);
        for (int i = 0; i < ids.length; i++) {
            assertThat(get(cache, ids[i], 1)).as("item %d", ids[i]).isEqualTo(before[i]);
        }
        assertThat(before).filteredOn(f -> f != null).hasSizeBetween(32, 64);
    }

    @Test
    void slotsAreTheMaxItemsRoundedUpToAPowerOfTwo() {
        assertThat(ItemSlots.slotCount(1)).as("one set").isEqualTo(ItemSlots.WAYS);
        assertThat(ItemSlots.slotCount(1024)).isEqualTo(1024);
        assertThat(ItemSlots.slotCount(500_000)).isEqualTo(524_288);
        assertThat(ItemSlots.slotCount(Long.MAX_VALUE)).isEqualTo(ItemSlots.MAX_SLOTS);
    }

    @Test
    void sequentialIdsFillingHalfTheSlotsNearlyAllStayCached() {
        // Item ids are often sequential: the set index mixes them, so they spread over the sets instead of crowding.
        ItemSlots cache = slots(Duration.ofHours(1), 1 << 14);
        for (long id = 1_000_000; id < 1_000_000 + (1 << 13); id++) {
            put(cache, id, new ItemFeatures(id, 1, 2L, 3L), 0);
        }
        int kept = 0;
        for (long id = 1_000_000; id < 1_000_000 + (1 << 13); id++) {
            if (get(cache, id, 1) != null) {
                kept++;
            }
        }
        assertThat(kept).isGreaterThan((1 << 13) * 85 / 100);
    }

    @Test
    void aFullCacheNeverAnswersWithAnotherItemsValue() {
        ItemSlots cache = slots(Duration.ofHours(1), 1 << 12);
        Random random = new Random(7);
        Map<Long, ItemFeatures> last = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            long id = 1 + random.nextInt(20_000);
            ItemFeatures f = new ItemFeatures(1 + random.nextInt(1000), random.nextInt(1000), i, random.nextLong());
            put(cache, id, f, i);
            last.put(id, f);
        }
        int hits = 0;
        for (Map.Entry<Long, ItemFeatures> e : last.entrySet()) {
            ItemFeatures cached = get(cache, e.getKey(), 100_000);
            if (cached != null) {
                assertThat(cached).isEqualTo(e.getValue());
                hits++;
            }
        }
        assertThat(hits).isBetween(1 << 10, 1 << 12);
    }

    @Test
    void concurrentReadersNeverSeeATornOrForeignValue() throws Exception {
        // Every field of a value is derived from its id and a version: a value mixed from two writes, or written for
        // another id, breaks the relation. Few slots and many writers make writes collide on purpose.
        ItemSlots cache = slots(Duration.ofHours(1), 64);
        Racers.race(400_000, (random, i) -> {
            long id = 1 + random.nextInt(500);
            if (random.nextBoolean()) {
                long v = random.nextInt(1_000_000);
                put(cache, id, new ItemFeatures(id, (int) v, v * 3, id * 7 + v), 0);
                return -1;
            }
            ItemFeatures f = get(cache, id, 1);
            if (f == null) {
                return -1;
            }
            long v = f.clicks1h();
            return f.categoryId() != id || f.asOf() != v * 3 || f.updatedAt() != id * 7 + v ? 1 : 0;
        });
    }

    @Test
    void pastItsTtlAValueIsServedForTheStaleWindowAndOnlyTheFirstReaderOwesItsRefresh() {
        ItemSlots cache = slots(Duration.ofSeconds(1), Duration.ofSeconds(30), 1024);
        ItemFeatures f = new ItemFeatures(17L, 123, 1L, 2L);
        put(cache, 42, f, 0);
        StaleValues fresh = new StaleValues();
        assertThat(get(cache, 42, SECOND - 1, fresh)).isEqualTo(f);
        assertThat(fresh.used()).isZero();

        StaleValues first = new StaleValues();
        StaleValues second = new StaleValues();
        assertThat(get(cache, 42, 2 * SECOND, first)).isEqualTo(f);
        assertThat(get(cache, 42, 3 * SECOND, second)).isEqualTo(f);
        assertThat(first.used()).isOne();
        assertThat(first.claimed()).isOne();
        assertThat(first.claimedId(0)).isEqualTo(42);
        assertThat(second.used()).isOne();
        assertThat(second.claimed()).as("the refresh is already owed by the first reader").isZero();
        // A reader that cannot refresh gets fresh values only, and the window ends 30 s after the TTL.
        assertThat(get(cache, 42, 2 * SECOND, null)).isNull();
        assertThat(get(cache, 42, 31 * SECOND, new StaleValues())).isNull();
    }

    @Test
    void aClaimGivenBackAfterAFailedRefreshIsClaimedAgainByTheNextReader() {
        // Without the release the stale value would be used unrefreshed until its serve-stale window ends.
        ItemSlots cache = slots(Duration.ofSeconds(1), Duration.ofSeconds(30), 1024);
        ItemFeatures f = new ItemFeatures(17L, 1, 1L, 1L);
        put(cache, 42, f, 0);
        StaleValues first = new StaleValues();
        get(cache, 42, 2 * SECOND, first);
        assertThat(first.claimed()).isOne();
        StaleValues whileOwed = new StaleValues();
        get(cache, 42, 2 * SECOND, whileOwed);
        assertThat(whileOwed.claimed()).isZero();

        cache.release(42);
        cache.release(43);
        StaleValues next = new StaleValues();
        assertThat(get(cache, 42, 3 * SECOND, next)).isEqualTo(f);
        assertThat(next.claimed()).as("the next reader owes the refresh now").isOne();
        StaleValues after = new StaleValues();
        get(cache, 42, 3 * SECOND, after);
        assertThat(after.claimed()).as("and holds it alone").isZero();
    }

    @Test
    void theRefreshedValueIsFreshAndItsNextStaleSpellIsClaimableAgain() {
        ItemSlots cache = slots(Duration.ofSeconds(1), Duration.ofSeconds(30), 1024);
        put(cache, 42, new ItemFeatures(17L, 1, 1L, 1L), 0);
        get(cache, 42, 2 * SECOND, new StaleValues());
        ItemFeatures refreshed = new ItemFeatures(17L, 2, 2L, 2L);
        put(cache, 42, refreshed, 2 * SECOND);

        StaleValues inTtl = new StaleValues();
        assertThat(get(cache, 42, 2 * SECOND + 1, inTtl)).isEqualTo(refreshed);
        assertThat(inTtl.used()).isZero();
        StaleValues later = new StaleValues();
        assertThat(get(cache, 42, 4 * SECOND, later)).isEqualTo(refreshed);
        assertThat(later.claimed()).isOne();
    }

    @Test
    void racingReadersOfOneStaleValueClaimItsRefreshExactlyOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            ItemSlots cache = slots(Duration.ofSeconds(1), Duration.ofSeconds(30), 16);
            put(cache, 7, new ItemFeatures(3L, 1, 2L, 3L), 0);
            AtomicInteger claims = new AtomicInteger();
            Thread[] readers = new Thread[4];
            for (int t = 0; t < readers.length; t++) {
                readers[t] = new Thread(() -> {
                    StaleValues stale = new StaleValues();
                    get(cache, 7, 2 * SECOND, stale);
                    claims.addAndGet(stale.claimed());
                });
                readers[t].start();
            }
            for (Thread r : readers) {
                r.join();
            }
            assertThat(claims).hasValue(1);
        }
    }

    @Test
    void holdsTellsWhetherAFreshOrStaleValueIsThereWithoutClaimingItsRefresh() {
        ItemSlots cache = slots(Duration.ofSeconds(1), Duration.ofSeconds(30), 1024);
        assertThat(cache.holds(42, 0)).isFalse();
        put(cache, 42, ItemFeatures.MISSING, 0);
        assertThat(cache.holds(42, SECOND / 2)).as("fresh, a cached absence too").isTrue();
        assertThat(cache.holds(42, 2 * SECOND)).as("stale, inside the window").isTrue();
        assertThat(cache.holds(42, 31 * SECOND)).as("past the window").isFalse();
        assertThat(cache.holds(43, SECOND / 2)).as("another item").isFalse();
        assertThat(slots(Duration.ZERO, 16).holds(42, 0)).as("cache off").isFalse();

        // The look claimed nothing: the first reader of the stale value still owes its refresh.
        StaleValues reader = new StaleValues();
        assertThat(get(cache, 42, 2 * SECOND, reader)).isSameAs(ItemFeatures.MISSING);
        assertThat(reader.claimed()).isOne();
    }

    @Test
    void whileTrackedAValueOutlivesItsShortTtlUntilExpiredAndThenServesStaleWhileRefreshed() {
        Tracking tracking = new Tracking(Duration.ofMinutes(10));
        ItemSlots cache = slots(Duration.ofSeconds(1), Duration.ofSeconds(30), 1024, tracking);
        ItemFeatures f = new ItemFeatures(17L, 123, 1L, 2L);
        put(cache, 41, f, 10);
        tracking.trust(100);
        put(cache, 42, f, 200);
        assertThat(get(cache, 41, 5 * SECOND)).as("read before tracking covered reads: short TTL").isNull();
        assertThat(get(cache, 42, 5 * SECOND)).as("tracked: still fresh").isEqualTo(f);

        cache.expire(42, 6 * SECOND);
        assertThat(get(cache, 42, 6 * SECOND)).as("expired: not fresh").isNull();
        StaleValues stale = new StaleValues();
        assertThat(get(cache, 42, 7 * SECOND, stale)).as("served stale").isEqualTo(f);
        assertThat(stale.claimed()).as("and its refresh claimed").isOne();
        assertThat(get(cache, 42, 37 * SECOND, new StaleValues())).as("until the stale window ends").isNull();
    }

    @Test
    void aValueWhoseKeyWasInvalidatedAfterItsReplyKeepsOnlyTheShortTtl() {
        Tracking tracking = new Tracking(Duration.ofMinutes(10));
        tracking.trust(0);
        ItemSlots cache = slots(Duration.ofSeconds(1), Duration.ofSeconds(30), 1024, tracking);
        ItemFeatures f = new ItemFeatures(17L, 123, 1L, 2L);
        // The reply was read at 100, the change announced at 150, the request thread puts the value after that.
        cache.expire(42, 150);
        put(cache, 42, f, 100);
        assertThat(get(cache, 42, 100 + SECOND - 1)).isEqualTo(f);
        assertThat(get(cache, 42, 100 + SECOND)).as("the short TTL, not the tracked one").isNull();
        // An announcement read before the reply is of a change the reply holds: the tracked TTL applies.
        put(cache, 43, f, 200);
        assertThat(get(cache, 43, 5 * SECOND)).isEqualTo(f);
    }

    @Test
    void expireAllEndsEveryTrackedValueAndLostTrackingEndsNewPuts() {
        Tracking tracking = new Tracking(Duration.ofMinutes(10));
        tracking.trust(0);
        ItemSlots cache = slots(Duration.ofSeconds(1), Duration.ofSeconds(30), 1024, tracking);
        ItemFeatures f = new ItemFeatures(17L, 123, 1L, 2L);
        for (long id = 1; id <= 100; id++) {
            put(cache, id, f, 10);
        }
        tracking.distrust();
        cache.expireAll(2 * SECOND);
        for (long id = 1; id <= 100; id++) {
            assertThat(get(cache, id, 2 * SECOND)).as("item %d", id).isNull();
            assertThat(get(cache, id, 2 * SECOND, new StaleValues())).as("stale item %d", id).isEqualTo(f);
        }
        put(cache, 200, f, 3 * SECOND);
        assertThat(get(cache, 200, 4 * SECOND + 1)).as("untracked: short TTL").isNull();
    }

    @Test
    void asManyItemsAsASetHasWaysStayCachedTogether() {
        ItemSlots cache = slots(Duration.ofHours(1), 16);
        // Once values stay cached until Redis announces a change (ADR 56), items sharing a set must not evict each
        // other: with two ways, the third of these would have evicted one of the first two on every use.
        long[] ids = sameSet(16, ItemSlots.WAYS);
        for (long id : ids) {
            put(cache, id, new ItemFeatures(id, 1, 2L, 3L), 0);
        }
        for (long id : ids) {
            assertThat(get(cache, id, 1)).as("item %d", id).isEqualTo(new ItemFeatures(id, 1, 2L, 3L));
        }
    }

    private static ItemSlots slots(Duration ttl, long maxItems) {
        return slots(ttl, Duration.ZERO, maxItems);
    }

    private static ItemSlots slots(Duration ttl, Duration serveStale, long maxItems) {
        return slots(ttl, serveStale, maxItems, Tracking.OFF);
    }

    private static ItemSlots slots(Duration ttl, Duration serveStale, long maxItems, Tracking tracking) {
        return new ItemSlots(ttl, serveStale, maxItems, tracking);
    }

    private static void put(ItemSlots cache, long itemId, ItemFeatures f, long readAtNanos) {
        cache.put(itemId, f.categoryId(), f.clicks1h(), f.asOf(), f.updatedAt(), readAtNanos);
    }

    private static ItemFeatures get(ItemSlots cache, long itemId, long nowNanos) {
        return get(cache, itemId, nowNanos, null);
    }

    /** The cached value read back through one position of columns, as a request reads it. */
    private static ItemFeatures get(ItemSlots cache, long itemId, long nowNanos, StaleValues stale) {
        ItemFeatureColumns one = new ItemFeatureColumns(1, true);
        if (!cache.read(itemId, nowNanos, stale, one, 0)) {
            return null;
        }
        long category = one.categoryId(0);
        return category == 0 ? ItemFeatures.MISSING
                : new ItemFeatures(category, one.clicks1h(0), one.asOf(0), one.updatedAt(0));
    }

    /** An id other than {@code id} in its set of a cache of {@code slots} slots. */
    private static long otherInSetOf(long id, int slots) {
        int mask = (slots - 1) & ~(ItemSlots.WAYS - 1);
        for (long other = id + 1; ; other++) {
            if (ItemSlots.set(other, mask) == ItemSlots.set(id, mask)) {
                return other;
            }
        }
    }

    /** {@code n} ids that map to the same set of a cache of {@code slots} slots. */
    private static long[] sameSet(int slots, int n) {
        int mask = (slots - 1) & ~(ItemSlots.WAYS - 1);
        long[] ids = new long[n];
        int found = 0;
        for (long id = 1; found < n; id++) {
            if (ItemSlots.set(id, mask) == ItemSlots.set(1, mask)) {
                ids[found++] = id;
            }
        }
        return ids;
    }
}
