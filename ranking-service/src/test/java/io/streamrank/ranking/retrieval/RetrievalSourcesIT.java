package io.streamrank.ranking.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrank.ranking.LiveServiceBase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every retrieval source against real Redis data and the real HNSW index of the served model's embeddings. */
class RetrievalSourcesIT extends LiveServiceBase {

    @BeforeEach
    void indexReady() throws Exception {
        awaitAnnIndex();
    }

    @Test
    void everySourceContributesAndEachCandidateIsTaggedWithItsSources() throws Exception {
        // User 5 just clicked 12_001, 12_002, 12_003.
        JsonNode body = ok(get("/v1/recommendations?userId=5&k=200&explain=true"));
        assertThat(body.get("degraded").asBoolean()).isFalse();

        assertThat(body.get("explanation").get("retrievedBySource").fieldNames()).toIterable()
                .contains("ann", "session", "covisitation", "trending", "new", "recent", "popular");
        assertThat(sources(item(body, 15_500))).as("co-visited with 12_001").contains("covisitation");
        assertThat(sources(item(body, 12_900))).as("new in the user's category").contains("new");
        assertThat(sources(item(body, 16_100))).as("new anywhere").contains("new");
        assertThat(sources(item(body, 12_001))).as("the user's own click").contains("recent");
        assertThat(sources(item(body, 13_009))).as("most popular overall").contains("popular");
        assertThat(sources(item(body, 12_009))).as("trending in category 12").contains("trending");

        // 12_010..12_029 exist only in the embeddings (no features, no popularity): HNSW must find all of them, as
        // the nearest neighbours of the clicked items (session) and of the user's interest vector (ann).
        List<Long> clusterOnlyInEmbeddings = LongStream.rangeClosed(12_010, 12_029).boxed().toList();
        assertThat(withSource(body, "ann")).containsAll(clusterOnlyInEmbeddings);
        assertThat(withSource(body, "session")).containsAll(clusterOnlyInEmbeddings);
        assertThat(itemIds(body)).as("unavailable in the catalog").doesNotContain(12_007L);
    }

    @Test
    void candidatesAreDeduplicatedAndAnItemFoundTwiceCarriesBothSources() throws Exception {
        JsonNode body = ok(get("/v1/recommendations?userId=12&k=200&explain=true"));
        List<Long> ids = itemIds(body);
        assertThat(ids).doesNotHaveDuplicates();
        // 12_001 is a recent click, a trending item and (being in cluster 12) an HNSW neighbour.
        assertThat(sources(item(body, 12_001))).contains("recent", "trending");
        // k covers every candidate: each one was either returned or dropped by a filter rule.
        assertThat(body.get("explanation").get("retrieved").asInt())
                .isEqualTo(ids.size() + sum(body.get("explanation").get("dropped")));
    }

    @Test
    void theCandidateCountIsConfigurablePerRequest() throws Exception {
        JsonNode body = ok(get("/v1/recommendations?userId=13&k=5&candidateCount=12&explain=true"));
        assertThat(body.get("explanation").get("retrieved").asInt()).isEqualTo(12);
        assertThat(itemIds(body)).hasSize(5);
    }

    @Test
    void onAProductPageTheItemsNeighboursAreRetrievedForAUserWithoutClicksAndTheItemItselfIsNotReturned()
            throws Exception {
        // User 424,243 has no live features, so without a context only new and popular items are retrieved (below).
        JsonNode body = ok(get("/v1/recommendations?userId=424243&k=200&explain=true&contextItemId=12001"));

        assertThat(body.get("explanation").get("retrievedBySource").fieldNames()).toIterable()
                .contains("session", "covisitation");
        assertThat(sources(item(body, 15_500))).as("co-visited with 12_001").contains("covisitation");
        assertThat(withSource(body, "session")).as("its HNSW neighbours, only in the embeddings")
                .containsAll(LongStream.rangeClosed(12_010, 12_029).boxed().toList());
        assertThat(itemIds(body)).doesNotContain(12_001L);

        JsonNode posted = ok(post("/v1/recommendations",
                "{\"userId\":424244,\"k\":200,\"explain\":true,\"contextItemId\":12001}"));
        assertThat(sources(item(posted, 15_501))).contains("covisitation");
        assertThat(itemIds(posted)).doesNotContain(12_001L);
    }

    @Test
    void onAProductPageTheTrendingItemsOfTheItemsCategoryAreRetrievedForAUserWithoutClicks() throws Exception {
        // 12_001's live features say category 12; 12_900 has no features, its catalog entry says 12. Without a context
        // a user gets no trending items at all (below). A user each: an answer is recorded as shown, then dropped.
        long user = 424_247;
        for (long context : List.of(12_001L, 12_900L)) {
            JsonNode body = ok(get("/v1/recommendations?userId=" + user++ + "&k=200&explain=true&contextItemId="
                    + context));
            assertThat(withSource(body, "trending")).as("trending in category 12, context %d", context)
                    .contains(12_009L, 12_008L, 12_002L);
        }
        JsonNode posted = ok(post("/v1/recommendations",
                "{\"userId\":424249,\"k\":200,\"explain\":true,\"contextItemId\":12900}"));
        assertThat(sources(item(posted, 12_009))).contains("trending");

        // With the caller's candidates nothing is retrieved: the context item is only excluded.
        JsonNode given = ok(post("/v1/recommendations",
                "{\"userId\":424250,\"k\":10,\"explain\":true,\"contextItemId\":12001,"
                        + "\"candidates\":[12001,13001]}"));
        assertThat(itemIds(given)).containsExactly(13_001L);
    }

    @Test
    void aCategoryPageReturnsOnlyItemsOfItsCategoryWithoutTheCategoryCap() throws Exception {
        // A user without live features: category 12's trending items (12_007 is unavailable) and its new item, more
        // than the cap of 4; 16_100, new elsewhere, is retrieved and dropped. The model's other items of category 12
        // come from the served version's index (ADR 88), and only those.
        JsonNode body = ok(get("/v1/recommendations?userId=424251&k=200&explain=true&categoryId=12"));
        List<Long> listed = List.of(12_000L, 12_001L, 12_002L, 12_003L, 12_004L, 12_005L, 12_006L, 12_008L, 12_009L,
                12_900L);
        assertThat(itemIds(body)).containsAll(listed).doesNotContain(12_007L);
        List<Long> fromIndex = new ArrayList<>(itemIds(body));
        fromIndex.removeAll(listed);
        assertThat(fromIndex).isNotEmpty().isSubsetOf(withSource(body, "category"));
        body.get("items").forEach(i -> assertThat(i.get("explanation").get("categoryId").asLong()).isEqualTo(12));
        assertThat(body.get("explanation").get("dropped").get("outside_category").asInt()).isPositive();
        // A category nothing is in: an empty page, not an error (nothing is scored).
        JsonNode empty = ok(get("/v1/recommendations?userId=424253&k=10&explain=true&categoryId=987654"));
        assertThat(itemIds(empty)).isEmpty();
        assertThat(empty.get("degraded").asBoolean()).isFalse();

        // The caller's candidates are filtered the same way: 13_001's live features say 13.
        JsonNode posted = ok(post("/v1/recommendations",
                "{\"userId\":424252,\"k\":10,\"explain\":true,\"categoryId\":13,"
                        + "\"candidates\":[12001,13001,16100]}"));
        assertThat(itemIds(posted)).containsExactly(13_001L);
        assertThat(posted.get("explanation").get("dropped").get("outside_category").asInt()).isEqualTo(2);
    }

    @Test
    void aUserWithoutLiveFeaturesGetsNewAndPopularItems() throws Exception {
        JsonNode body = ok(get("/v1/recommendations?userId=424242&k=200&explain=true"));
        assertThat(body.get("explanation").get("retrievedBySource").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("new", "popular");
        assertThat(itemIds(body)).contains(13_000L, 16_100L).doesNotContain(15_500L);
    }

    private static List<Long> withSource(JsonNode body, String source) {
        List<Long> out = new ArrayList<>();
        body.get("items").forEach(i -> {
            if (sources(i).contains(source)) {
                out.add(i.get("itemId").asLong());
            }
        });
        return out;
    }

    private static int sum(JsonNode counts) {
        int n = 0;
        for (JsonNode c : counts) {
            n += c.asInt();
        }
        return n;
    }
}
