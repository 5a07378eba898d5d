package io.streamrank.ranking.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.ranking.LiveFixture;
import io.streamrank.ranking.LiveServiceBase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With Redis announcing changes of the cached keys (the default, ADR 56), lists, item values and catalog entries stay
 * cached past their short TTLs until they change: a repeated request takes the user's round only, and a list the
 * pipeline changes is used stale once and read again, without waiting for a TTL.
 */
class TrackedCachesIT extends LiveServiceBase {

    private static final String LISTS_HIT = "streamrank_retrieval_list_cache_total\\{result=\"hit\"[^}]*}";
    private static final String LISTS_STALE = "streamrank_retrieval_list_cache_total\\{result=\"stale\"[^}]*}";
    private static final String ITEMS_STALE = "streamrank_features_item_cache_total\\{result=\"stale\"[^}]*}";
    private static final String ONE_ROUND = "streamrank_recommend_redis_rounds_bucket\\{[^}]*le=\"1.0\"[^}]*}";
    private static final String INVALIDATIONS = "streamrank_redis_tracking_invalidations_total(?:\\{[^}]*})?";

    @BeforeEach
    void trackingIsOn() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (counter("streamrank_redis_tracking_active(?:\\{[^}]*})?") != 1.0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(counter("streamrank_redis_tracking_active(?:\\{[^}]*})?")).as("Redis tracks the keys").isEqualTo(1.0);
    }

    @Test
    void aRequestRepeatedPastTheShortTtlsFindsItsListsAndValuesFreshAndTakesOneRedisRound() throws Exception {
        String request = clickedCoVisited(26, 19_800, 19_801);
        ok(post("/v1/recommendations", request));
        // Past the lists' 2 s and the values' 1 s TTLs: without tracking both would be stale now.
        Thread.sleep(2_300);
        double listHits = counter(LISTS_HIT);
        double listsStale = counter(LISTS_STALE);
        double itemsStale = counter(ITEMS_STALE);
        double oneRound = counter(ONE_ROUND);
        ok(post("/v1/recommendations", request));
        assertThat(counter(LISTS_HIT)).as("lists fresh").isGreaterThan(listHits);
        assertThat(counter(LISTS_STALE)).as("no list stale").isEqualTo(listsStale);
        assertThat(counter(ITEMS_STALE)).as("no item value stale").isEqualTo(itemsStale);
        assertThat(counter(ONE_ROUND) - oneRound).as("only the user's round was awaited").isEqualTo(1.0);
    }

    @Test
    void aListChangedInRedisIsUsedStaleAtItsNextUseAndReadAgainWithoutWaitingForItsTtl() throws Exception {
        String request = clickedCoVisited(27, 19_810, 19_811);
        ok(post("/v1/recommendations", request));
        var redis = LiveFixture.get().ns.commands();
        var keys = LiveFixture.get().keys;
        long now = System.currentTimeMillis();
        double invalidations = counter(INVALIDATIONS);
        redis.set(keys.item(19_812), FeatureCodec.encodeItem(new ItemFeatures(19, 2, now, now)));
        redis.zadd(keys.coVisitation(19_810), 8, "19812");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (counter(INVALIDATIONS) < invalidations + 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(counter(INVALIDATIONS)).as("both changes announced").isGreaterThanOrEqualTo(invalidations + 2);

        // Well inside the list's 2 s TTL, which no longer matters: the change ended it.
        double listsStale = counter(LISTS_STALE);
        ok(post("/v1/recommendations", request));
        assertThat(counter(LISTS_STALE)).as("the changed list used stale once").isGreaterThan(listsStale);
        JsonNode answer;
        do {
            Thread.sleep(50); // the refresh rides the next round any request sends, or a 20 ms timer
            answer = ok(post("/v1/recommendations", request));
        } while (!itemIds(answer).contains(19_812L) && System.nanoTime() < deadline);
        assertThat(sources(item(answer, 19_812))).contains("covisitation");
    }

    /** A user who just clicked {@code clicked}, whose co-visitation list holds {@code coVisited}; the request. */
    private static String clickedCoVisited(long userId, long clicked, long coVisited) {
        var redis = LiveFixture.get().ns.commands();
        var keys = LiveFixture.get().keys;
        long now = System.currentTimeMillis();
        for (long item : List.of(clicked, coVisited)) {
            redis.set(keys.item(item), FeatureCodec.encodeItem(new ItemFeatures(19, 3, now, now)));
        }
        redis.zadd(keys.coVisitation(clicked), 9, Long.toString(coVisited));
        List<RecentItem> recent = List.of(new RecentItem(clicked, 19, EventType.CLICK, now - 1_000));
        redis.set(keys.user(userId), FeatureCodec.encodeUser(new UserFeatures(recent, Map.of(19L, 1), now - 1_000,
                now, now)));
        return "{\"userId\":" + userId + ",\"k\":50,\"explain\":true}";
    }
}
