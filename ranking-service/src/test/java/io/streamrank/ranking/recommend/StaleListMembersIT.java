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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A stale list outlives the values read with it (lists: 2 s TTL, item values and catalog entries here: 1 s and no
 * serve-stale window, so that the gap shows within seconds instead of after ADR 47's 30 s): when a request reads other
 * lists anyway, the stale list's members whose values ran out ride that round (ADR 48) instead of a third one. Without
 * Redis's announcements of changed keys (ADR 56), with which neither would have run out.
 */
@TestPropertySource(properties = {"streamrank.redis.tracking=false", "streamrank.features.item-cache-serve-stale=0s",
        "streamrank.catalog.cache-serve-stale=0s", "streamrank.retrieval.popular=0"})
class StaleListMembersIT extends LiveServiceBase {

    @Test
    void membersOfAStaleListWhoseValuesRanOutRideTheRoundThatReadsTheOtherLists() throws Exception {
        var redis = LiveFixture.get().ns.commands();
        var keys = LiveFixture.get().keys;
        long now = System.currentTimeMillis();
        for (long item = 19_700; item <= 19_720; item++) {
            redis.set(keys.item(item), FeatureCodec.encodeItem(new ItemFeatures(19, 2, now, now)));
            // Enough co-visited items to fill the candidates: the popular backfill (its values run out too) stays out.
            redis.zadd(keys.coVisitation(item == 19_700 ? 19_003 : 19_004), 9, Long.toString(item));
        }
        user(25, now, new RecentItem(19_003, 19, EventType.CLICK, now - 2_000));
        // Few candidates, no popular ones (popular = 0 and enough others): their values would run out as well.
        String request = "{\"userId\":25,\"k\":10,\"candidateCount\":10,\"explain\":true}";
        ok(post("/v1/recommendations", request));

        // Past the lists' 2 s TTL and the values' 1 s: cv:19_003 is stale, 19_700's value gone. A new click brings a
        // list no request has read, so this request reads lists in any case.
        Thread.sleep(2_300);
        user(25, now, new RecentItem(19_004, 19, EventType.CLICK, now - 500),
                new RecentItem(19_003, 19, EventType.CLICK, now - 2_000));
        double upToTwo = counter("streamrank_recommend_redis_rounds_bucket\\{[^}]*le=\"2.0\"[^}]*}");
        JsonNode answer = ok(post("/v1/recommendations", request));

        assertThat(answer.get("explanation").get("retrievedBySource").get("covisitation").asInt()).isPositive();
        assertThat(counter("streamrank_recommend_redis_rounds_bucket\\{[^}]*le=\"2.0\"[^}]*}") - upToTwo)
                .as("19_700's value rode the lists' round").isEqualTo(1.0);
    }

    private static void user(long userId, long now, RecentItem... recent) {
        LiveFixture.get().ns.commands().set(LiveFixture.get().keys.user(userId), FeatureCodec.encodeUser(
                new UserFeatures(List.of(recent), Map.of(19L, recent.length), recent[0].timestamp(), now, now)));
    }
}
