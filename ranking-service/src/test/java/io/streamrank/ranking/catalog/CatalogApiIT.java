package io.streamrank.ranking.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrank.ranking.LiveFixture;
import io.streamrank.ranking.LiveServiceBase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The item catalog: CSV at start-up, bulk upsert and lookup over REST, all stored in Redis. */
class CatalogApiIT extends LiveServiceBase {

    @Test
    void theStartUpCsvIsLoadedAndItsBadRowCounted() throws Exception {
        JsonNode item = ok(get("/v1/catalog/items/12900"));
        assertThat(item.get("categoryId").asLong()).isEqualTo(12);
        assertThat(item.get("available").asBoolean()).isTrue();
        assertThat(item.get("title").asText()).isEqualTo("New mug, blue");
        assertThat(item.get("price").decimalValue()).isEqualByComparingTo("9.99");
        assertThat(ok(get("/v1/catalog/items/12007")).get("available").asBoolean()).isFalse();
        assertThat(get("/actuator/prometheus").body())
                .containsPattern("streamrank_catalog_rejected_total\\{source=\"csv\"[^}]*} 1\\.0")
                .containsPattern("streamrank_catalog_upserted_total\\{source=\"csv\"[^}]*} 4\\.0");
    }

    @Test
    void bulkUpsertStoresItemsInRedisAndKeepsTheNewItemSets() throws Exception {
        long now = System.currentTimeMillis();
        HttpResponseCheck.accepted(send("PUT", "/v1/catalog/items", """
                {"items":[{"itemId":17001,"categoryId":17,"createdAt":%d,"price":3.5,"title":"fresh"},
                          {"itemId":17002,"categoryId":17,"createdAt":%d,"available":false}]}"""
                .formatted(now, now - 1_000)), 2);

        JsonNode item = ok(get("/v1/catalog/items/17001"));
        assertThat(item.get("createdAt").asLong()).isEqualTo(now);
        assertThat(item.get("available").asBoolean()).isTrue();
        var redis = LiveFixture.get().ns.commands();
        var keys = LiveFixture.get().keys;
        assertThat(redis.get(keys.catalogItem(17001))).startsWith("1|17|" + now + "|1|3.5|fresh");
        assertThat(redis.zscore(keys.newItemsInCategory(17), "17001")).isEqualTo((double) now);
        assertThat(redis.zscore(keys.newItems(), "17002")).as("unavailable: not offered as new").isNull();
        // The set goes once its newest member has aged out (the 48 h window, plus the hour a listing may be ahead).
        assertThat(redis.pttl(keys.newItemsInCategory(17))).isBetween(48 * 3_600_000L, 49 * 3_600_000L);

        // Re-listing as available puts it in the new set; an old listing takes it out.
        HttpResponseCheck.accepted(send("PUT", "/v1/catalog/items",
                "{\"items\":[{\"itemId\":17001,\"categoryId\":17,\"createdAt\":1000}]}"), 1);
        assertThat(redis.zscore(keys.newItems(), "17001")).isNull();
        assertThat(ok(get("/v1/catalog/items/17001")).get("createdAt").asLong()).isEqualTo(1000);
    }

    @Test
    void aNewItemMovedToAnotherCategoryLeavesTheOldCategorysNewItems() throws Exception {
        long now = System.currentTimeMillis();
        var redis = LiveFixture.get().ns.commands();
        var keys = LiveFixture.get().keys;
        HttpResponseCheck.accepted(send("PUT", "/v1/catalog/items",
                "{\"items\":[{\"itemId\":17101,\"categoryId\":171,\"createdAt\":%d}]}".formatted(now)), 1);
        assertThat(redis.zscore(keys.newItemsInCategory(171), "17101")).isEqualTo((double) now);

        HttpResponseCheck.accepted(send("PUT", "/v1/catalog/items",
                "{\"items\":[{\"itemId\":17101,\"categoryId\":172,\"createdAt\":%d}]}".formatted(now)), 1);

        assertThat(redis.zscore(keys.newItemsInCategory(171), "17101")).isNull();
        assertThat(redis.zscore(keys.newItemsInCategory(172), "17101")).isEqualTo((double) now);
        assertThat(redis.zscore(keys.newItems(), "17101")).isEqualTo((double) now);
    }

    @Test
    void anItemGivenTwiceInOneUpsertIsWrittenOnceAsItsLastEntrySays() throws Exception {
        long now = System.currentTimeMillis();
        var redis = LiveFixture.get().ns.commands();
        var keys = LiveFixture.get().keys;

        // Both entries' writes would leave the item in category 173's new items while the catalog says 174.
        HttpResponseCheck.accepted(send("PUT", "/v1/catalog/items", """
                {"items":[{"itemId":17201,"categoryId":173,"createdAt":%d},
                          {"itemId":17201,"categoryId":174,"createdAt":%d,"title":"second"}]}"""
                .formatted(now, now)), 1);

        assertThat(ok(get("/v1/catalog/items/17201")).get("categoryId").asLong()).isEqualTo(174);
        assertThat(redis.zscore(keys.newItemsInCategory(173), "17201")).isNull();
        assertThat(redis.zscore(keys.newItemsInCategory(174), "17201")).isEqualTo((double) now);
    }

    @Test
    void invalidCatalogInputIsRefusedWithProblemDetailsAndNothingIsWritten() throws Exception {
        JsonNode p = assertProblem(send("PUT", "/v1/catalog/items",
                "{\"items\":[{\"itemId\":18001,\"categoryId\":0,\"createdAt\":5}]}"), 400, "invalid-request");
        assertThat(p.get("errors").get(0).get("field").asText()).isEqualTo("items[0].categoryId");
        assertProblem(send("PUT", "/v1/catalog/items", "{\"items\":[{\"itemId\":18001,\"categoryId\":1,\"createdAt\":"
                + (System.currentTimeMillis() + 86_400_000L) + "}]}"), 400, "invalid-request");
        assertProblem(send("PUT", "/v1/catalog/items", "{\"items\":[]}"), 400, "invalid-request");
        assertProblem(send("PUT", "/v1/catalog/items", "{\"items\":[{\"itemId\":\"x\"}]}"), 400, "malformed-body");
        // Not read as item 18001 of category 7: the client meant some other item.
        assertProblem(send("PUT", "/v1/catalog/items",
                "{\"items\":[{\"itemId\":18001.9,\"categoryId\":7.5,\"createdAt\":5}]}"), 400, "malformed-body");
        StringBuilder many = new StringBuilder("{\"items\":[");
        for (int i = 1; i <= 1001; i++) {
            many.append(i == 1 ? "" : ",").append("{\"itemId\":").append(i).append(",\"categoryId\":1,\"createdAt\":1}");
        }
        assertProblem(send("PUT", "/v1/catalog/items", many.append("]}").toString()), 400, "invalid-request");
        assertProblem(send("PUT", "/v1/catalog/items", "{\"items\":[{\"itemId\":18001,\"categoryId\":1,"
                + "\"createdAt\":1,\"title\":\"" + "x".repeat(1_100_000) + "\"}]}"), 413, "body-too-large");
        JsonNode price = assertProblem(send("PUT", "/v1/catalog/items", "{\"items\":[{\"itemId\":18001,"
                + "\"categoryId\":1,\"createdAt\":1,\"price\":1.23456}]}"), 400, "invalid-request");
        assertThat(price.get("errors").get(0).get("field").asText()).isEqualTo("items[0].price");
        assertProblem(send("PUT", "/v1/catalog/items", "{\"items\":[{\"itemId\":18001,\"categoryId\":1,"
                + "\"createdAt\":1,\"price\":-1}]}"), 400, "invalid-request");
        JsonNode title = assertProblem(send("PUT", "/v1/catalog/items", "{\"items\":[{\"itemId\":18001,"
                + "\"categoryId\":1,\"createdAt\":1,\"title\":\"Mug\\n\\u001b[31m\"}]}"), 400, "invalid-request");
        assertThat(title.get("errors").get(0).get("field").asText()).isEqualTo("items[0].title");
        // Refused before the write: a 406 sent after storing the items told the client "no" about data it had kept.
        assertProblem(HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/catalog/items"))
                .header("content-type", "application/json").header("accept", "text/plain")
                .header("Authorization", bearer()).PUT(HttpRequest.BodyPublishers.ofString("{\"items\":[{\"itemId\":18001,\"categoryId\":1,"
                        + "\"createdAt\":1}]}")).build(), HttpResponse.BodyHandlers.ofString()), 406, "not-acceptable");
        assertProblem(get("/v1/catalog/items/18001"), 404, "not-found");
        assertThat(LiveFixture.get().ns.commands().exists(LiveFixture.get().keys.catalogItem(18001))).isZero();
        JsonNode notANumber = assertProblem(get("/v1/catalog/items/abc"), 400, "invalid-request");
        assertThat(notANumber.get("errors").get(0).get("field").asText()).isEqualTo("itemId");
        JsonNode zero = assertProblem(get("/v1/catalog/items/0"), 400, "invalid-request");
        assertThat(zero.get("errors").get(0).get("field").asText()).isEqualTo("itemId");
    }

    @Test
    void aPriceIsJudgedWithoutItsTrailingZerosAsTheStartUpCsvJudgesIt() throws Exception {
        HttpResponseCheck.accepted(send("PUT", "/v1/catalog/items", "{\"items\":[{\"itemId\":18101,"
                + "\"categoryId\":1,\"createdAt\":1,\"price\":19.90000}]}"), 1);
        assertThat(ok(get("/v1/catalog/items/18101")).get("price").decimalValue()).isEqualByComparingTo("19.9");
    }

    /** Small helper to keep the assertions readable. */
    private static final class HttpResponseCheck {

        static void accepted(java.net.http.HttpResponse<String> r, int upserted) throws Exception {
            JsonNode body = ok(r);
            assertThat(body.get("upserted").asInt()).isEqualTo(upserted);
            assertThat(body.get("requestId").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").get());
        }
    }
}
