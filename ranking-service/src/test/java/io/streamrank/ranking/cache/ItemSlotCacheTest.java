package io.streamrank.ranking.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ItemSlotCacheTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Test
    void aValueIsReturnedUntilItsTtlHasPassed() {
        ItemSlotCache<String> cache = new ItemSlotCache<>(Duration.ofSeconds(1), 1024);
        cache.put(42, "a", 0);
        assertThat(cache.get(42, 0)).isEqualTo("a");
        assertThat(cache.get(42, SECOND - 1)).isEqualTo("a");
        assertThat(cache.get(42, SECOND)).isNull();
        assertThat(cache.get(43, 0)).isNull();
    }

    @Test
    void expiryWorksAcrossTheSignChangeOfNanoTime() {
        // System.nanoTime() may be negative and may wrap: only differences are compared.
        ItemSlotCache<String> cache = new ItemSlotCache<>(Duration.ofSeconds(1), 16);
        long start = Long.MAX_VALUE - SECOND / 2;
        cache.put(7, "x", start);
        assertThat(cache.get(7, start + SECOND / 4)).isEqualTo("x");
        assertThat(cache.get(7, start + SECOND)).isNull();
    }

    @Test
    void aPutReplacesTheItemsValueAndInvalidateDropsIt() {
        ItemSlotCache<String> cache = new ItemSlotCache<>(Duration.ofSeconds(1), 1024);
        cache.put(5, "old", 0);
        cache.put(5, "new", 10);
        assertThat(cache.get(5, 20)).isEqualTo("new");
        cache.invalidate(5);
        assertThat(cache.get(5, 20)).isNull();
    }

    @Test
    void aZeroTtlCachesNothing() {
        ItemSlotCache<String> cache = new ItemSlotCache<>(Duration.ZERO, 1024);
        cache.put(1, "a", 0);
        assertThat(cache.enabled()).isFalse();
        assertThat(cache.get(1, 0)).isNull();
    }

    @Test
    void nullValuesAreRejected() {
        ItemSlotCache<String> cache = new ItemSlotCache<>(Duration.ofSeconds(1), 16);
        assertThatThrownBy(() -> cache.put(1, null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void slotsAreTheMaxItemsRoundedUpToAPowerOfTwo() {
        assertThat(ItemSlotCache.slotCount(1)).as("one set").isEqualTo(ItemSlotCache.WAYS);
        assertThat(ItemSlotCache.slotCount(1024)).isEqualTo(1024);
        assertThat(ItemSlotCache.slotCount(500_000)).isEqualTo(524_288);
        assertThat(ItemSlotCache.slotCount(Long.MAX_VALUE)).isEqualTo(ItemSlotCache.MAX_SLOTS);
    }

    @Test
    void aFullCacheNeverAnswersWithAnotherItemsValueAndKeepsMostOfAWorkingSetHalfItsSize() {
        // Eviction is by collision: whatever was evicted, a hit must be the value last put for that very id.
        ItemSlotCache<Long> cache = new ItemSlotCache<>(Duration.ofHours(1), 1 << 14);
        Random random = new Random(7);
        Map<Long, Long> last = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            long id = 1 + random.nextInt(50_000);
            long value = random.nextLong();
            cache.put(id, value, i);
            last.put(id, value);
        }
        int hits = 0;
        for (Map.Entry<Long, Long> e : last.entrySet()) {
            Long cached = cache.get(e.getKey(), 200_000);
            if (cached != null) {
                assertThat(cached).isEqualTo(e.getValue());
                hits++;
            }
        }
        assertThat(hits).isLessThanOrEqualTo(1 << 14);

        // Sequential ids (typical item ids) filling half the slots: two-way sets keep nearly all of them.
        ItemSlotCache<Long> fresh = new ItemSlotCache<>(Duration.ofHours(1), 1 << 14);
        for (long id = 1_000_000; id < 1_000_000 + (1 << 13); id++) {
            fresh.put(id, id, 0);
        }
        int kept = 0;
        for (long id = 1_000_000; id < 1_000_000 + (1 << 13); id++) {
            if (fresh.get(id, 1) != null) {
                kept++;
            }
        }
        assertThat(kept).isGreaterThan((1 << 13) * 85 / 100);
    }

    @Test
    void concurrentReadersOnlyEverSeeAValuePutForTheIdTheyAsked() throws Exception {
        // Values encode their id: a torn or mixed-up entry would show as a value of another id.
        ItemSlotCache<long[]> cache = new ItemSlotCache<>(Duration.ofHours(1), 256);
        Racers.race(300_000, (random, i) -> {
            long id = 1 + random.nextInt(2_000);
            if (random.nextBoolean()) {
                cache.put(id, new long[] {id, i}, 0);
                return -1;
            }
            long[] v = cache.get(id, 1);
            return v == null ? -1 : v[0] != id ? 1 : 0;
        });
    }

    @Test
    void pastItsTtlAValueIsServedForTheStaleWindowUntilAPutRefreshesIt() {
        ItemSlotCache<String> cache = new ItemSlotCache<>(Duration.ofSeconds(1), Duration.ofSeconds(30), 1024);
        cache.put(42, "old", 0);
        StaleValues first = new StaleValues();
        StaleValues other = new StaleValues();
        assertThat(cache.get(42, 2 * SECOND, first)).isEqualTo("old");
        assertThat(cache.get(42, 2 * SECOND, other)).isEqualTo("old");
        assertThat(first.claimed()).isOne();
        assertThat(other.used()).isOne();
        assertThat(other.claimed()).as("the refresh is already owed by the first reader").isZero();
        assertThat(cache.get(42, 2 * SECOND)).as("fresh values only without a StaleValues").isNull();
        assertThat(cache.get(42, 31 * SECOND, new StaleValues())).isNull();

        cache.put(42, "new", 2 * SECOND);
        StaleValues after = new StaleValues();
        assertThat(cache.get(42, 2 * SECOND + 1, after)).isEqualTo("new");
        assertThat(after.used()).isZero();
        assertThat(cache.get(42, 4 * SECOND, after)).isEqualTo("new");
        assertThat(after.claimed()).as("a put makes the next stale spell claimable again").isOne();
    }

    @Test
    void aClaimGivenBackAfterAFailedRefreshIsClaimedAgainByTheNextReader() {
        // Without the release the stale value would be used unrefreshed until its serve-stale window ends.
        ItemSlotCache<String> cache = new ItemSlotCache<>(Duration.ofSeconds(1), Duration.ofSeconds(30), 1024);
        cache.put(42, "old", 0);
        StaleValues first = new StaleValues();
        cache.get(42, 2 * SECOND, first);
        assertThat(first.claimed()).isOne();
        StaleValues whileOwed = new StaleValues();
        cache.get(42, 2 * SECOND, whileOwed);
        assertThat(whileOwed.claimed()).isZero();

        cache.release(42);
        cache.release(43);
        StaleValues next = new StaleValues();
        assertThat(cache.get(42, 3 * SECOND, next)).isEqualTo("old");
        assertThat(next.claimed()).as("the next reader owes the refresh now").isOne();
    }

    @Test
    void anEqualValuePutAgainRenewsTheCachedOneInPlaceAndMakesItsNextStaleSpellClaimable() {
        // Most puts re-read an unchanged value: keeping the cached object (no new entry) is what spares the young
        // collections from copying a new entry and value per put (ADR 50).
        ItemSlotCache<String> cache = new ItemSlotCache<>(Duration.ofSeconds(1), Duration.ofSeconds(30), 1024);
        String first = new String("v");
        cache.put(42, first, 0);
        StaleValues stale = new StaleValues();
        assertThat(cache.get(42, 2 * SECOND, stale)).isSameAs(first);
        assertThat(stale.claimed()).isOne();

        cache.put(42, new String("v"), 2 * SECOND);
        assertThat(cache.get(42, 2 * SECOND + 1)).as("renewed: fresh again, the same object").isSameAs(first);
        assertThat(cache.get(42, 3 * SECOND - 1)).isSameAs(first);
        assertThat(cache.get(42, 3 * SECOND)).as("one TTL after the renewal").isNull();
        StaleValues later = new StaleValues();
        assertThat(cache.get(42, 4 * SECOND, later)).isSameAs(first);
        assertThat(later.claimed()).as("the renewal cleared the earlier claim").isOne();

        String changed = new String("w");
        cache.put(42, changed, 5 * SECOND);
        assertThat(cache.get(42, 5 * SECOND)).as("a different value replaces the entry").isSameAs(changed);
    }

    @Test
    void holdsTellsWhetherAFreshOrStaleValueIsThereWithoutClaimingItsRefresh() {
        ItemSlotCache<String> cache = new ItemSlotCache<>(Duration.ofSeconds(1), Duration.ofSeconds(30), 1024);
        assertThat(cache.holds(42, 0)).isFalse();
        cache.put(42, "old", 0);
        assertThat(cache.holds(42, SECOND / 2)).as("fresh").isTrue();
        assertThat(cache.holds(42, 2 * SECOND)).as("stale, inside the window").isTrue();
        assertThat(cache.holds(42, 31 * SECOND)).as("past the window").isFalse();
        assertThat(cache.holds(43, SECOND / 2)).as("another item").isFalse();

        // The look claimed nothing: the first reader of the stale value still owes its refresh.
        StaleValues reader = new StaleValues();
        assertThat(cache.get(42, 2 * SECOND, reader)).isEqualTo("old");
        assertThat(reader.claimed()).isOne();
    }

    @Test
    void whileTrackedAnEntryOutlivesItsShortTtlUntilExpiredOrUntilTrackingIsLost() {
        Tracking tracking = new Tracking(Duration.ofMinutes(10));
        ItemSlotCache<String> cache = new ItemSlotCache<>(Duration.ofSeconds(1), Duration.ofSeconds(30), 1024,
                tracking);
        cache.put(1, "before", 10);
        tracking.trust(100);
        cache.put(2, "tracked", 200);
        cache.put(3, "tracked", 200);
        assertThat(cache.get(1, 5 * SECOND)).as("read before tracking covered reads").isNull();
        assertThat(cache.get(2, 5 * SECOND)).isEqualTo("tracked");

        cache.expire(2, 6 * SECOND);
        assertThat(cache.get(2, 6 * SECOND)).isNull();
        StaleValues stale = new StaleValues();
        assertThat(cache.get(2, 6 * SECOND, stale)).isEqualTo("tracked");
        assertThat(stale.claimed()).isOne();
        // Announced after the reply was read, handled before the put: the short TTL.
        cache.expire(4, 300);
        cache.put(4, "raced", 250);
        assertThat(cache.get(4, 250 + SECOND)).isNull();

        tracking.distrust();
        cache.expireAll(7 * SECOND);
        assertThat(cache.get(3, 7 * SECOND)).isNull();
        assertThat(cache.get(3, 7 * SECOND, new StaleValues())).isEqualTo("tracked");
    }

    @Test
    void asManyItemsAsASetHasWaysStayCachedTogether() {
        // Once values stay cached until Redis announces a change (ADR 56), items sharing a set must not evict each
        // other: with two ways, the third of these would have evicted one of the first two on every use.
        ItemSlotCache<String> cache = new ItemSlotCache<>(Duration.ofHours(1), 16);
        long[] ids = sameSet(16, ItemSlotCache.WAYS);
        for (long id : ids) {
            cache.put(id, "v" + id, 0);
        }
        for (long id : ids) {
            assertThat(cache.get(id, 1)).as("item %d", id).isEqualTo("v" + id);
        }
    }

    /** {@code n} ids that map to the same set of a cache of {@code slots} slots. */
    static long[] sameSet(int slots, int n) {
        int mask = (slots - 1) & ~(ItemSlotCache.WAYS - 1);
        long[] ids = new long[n];
        int found = 0;
        for (long id = 1; found < n; id++) {
            if (ItemSlotCache.set(id, mask) == ItemSlotCache.set(1, mask)) {
                ids[found++] = id;
            }
        }
        return ids;
    }
}
