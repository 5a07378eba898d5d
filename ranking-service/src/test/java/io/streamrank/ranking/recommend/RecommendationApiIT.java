package io.streamrank.ranking.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.ranking.TestModels;
import io.streamrank.testkit.EmbeddedKafka;
import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.RedisNamespace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service against a real Redis (private prefix), a real Kafka broker and a real model trained on fixtures. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RecommendationApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static EmbeddedKafka kafka;
    private static LocalRedis redis;
    private static RedisNamespace ns;
    private static Path models;

    @LocalServerPort
    int port;

    @BeforeAll
    static void infrastructure() throws Exception {
        kafka = EmbeddedKafka.start(1, "clickstream");
        redis = LocalRedis.findOrStart();
        ns = new RedisNamespace(redis.uri(), "api");
        models = TestModels.train(Files.createTempDirectory("models"));
        seedFeatures(new RedisKeys(ns.prefix()));
    }

    @AfterAll
    static void tearDown() {
        ns.close();
        kafka.close();
        redis.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("streamrank.kafka.bootstrap-servers", () -> kafka.bootstrapServers());
        registry.add("streamrank.redis.uri", () -> redis.uri());
        registry.add("streamrank.redis.key-prefix", () -> ns.prefix());
        registry.add("streamrank.model.dir", () -> models.toString());
    }

    /** User 5 just clicked three items of category 12; category 13's items are globally more popular. */
    private static void seedFeatures(RedisKeys keys) {
        long now = System.currentTimeMillis();
        var r = ns.commands();
        UserFeatures user = new UserFeatures(List.of(
                new RecentItem(12_001, 12, EventType.CLICK, now - 1_000),
                new RecentItem(12_002, 12, EventType.CLICK, now - 2_000),
                new RecentItem(12_003, 12, EventType.CLICK, now - 3_000)), Map.of(12L, 3), now - 1_000, now, now);
        r.set(keys.user(5), FeatureCodec.encodeUser(user));
        for (int n = 0; n < 10; n++) {
            long a = 12_000 + n;
            long b = 13_000 + n;
            r.set(keys.item(a), FeatureCodec.encodeItem(new ItemFeatures(12, 5, now, now)));
            r.set(keys.item(b), FeatureCodec.encodeItem(new ItemFeatures(13, 50, now, now)));
            r.zadd(keys.popularCategory(12), 5, Long.toString(a));
            r.zadd(keys.popularAll(), 50, Long.toString(b));
        }
    }

    @Test
    void rankedItemsFavourTheCategoryTheUserJustBrowsed() throws Exception {
        HttpResponse<String> r = get("/v1/recommendations?userId=5&k=5");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("requestId").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").get());
        assertThat(body.get("modelVersion").asText()).startsWith("v");
        assertThat(body.get("degraded").asBoolean()).isFalse();
        List<Long> items = itemIds(body);
        assertThat(items).hasSize(5).allMatch(i -> i / 1000 == 12);
        List<Double> scores = new ArrayList<>();
        body.get("items").forEach(i -> scores.add(i.get("score").asDouble()));
        assertThat(scores).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void explicitCandidatesAreRankedAndNothingElse() throws Exception {
        HttpResponse<String> r = post("/v1/recommendations", "{\"userId\":5,\"k\":3,\"candidates\":[13001,12004,999]}");
        assertThat(r.statusCode()).isEqualTo(200);
        List<Long> items = itemIds(JSON.readTree(r.body()));
        assertThat(items).containsExactlyInAnyOrder(13001L, 12004L, 999L);
        assertThat(items.get(0)).isEqualTo(12004L);
    }

    @Test
    void unknownUserStillGetsPopularItems() throws Exception {
        JsonNode body = JSON.readTree(get("/v1/recommendations?userId=424242&k=3").body());
        assertThat(itemIds(body)).hasSize(3).allMatch(i -> i / 1000 == 13);
    }

    @Test
    void invalidRequestsGetProblemDetailsWithStableTypes() throws Exception {
        assertProblem(get("/v1/recommendations?userId=abc"), 400, "invalid-request");
        assertProblem(get("/v1/recommendations"), 400, "invalid-request");
        assertProblem(get("/v1/recommendations?userId=5&k=201"), 400, "invalid-request");
        assertProblem(post("/v1/recommendations", "{\"k\":3}"), 400, "invalid-request");
        assertProblem(post("/v1/recommendations", "{\"userId\":"), 400, "malformed-body");
        StringBuilder many = new StringBuilder("{\"userId\":5,\"candidates\":[1");
        for (int i = 2; i <= 1001; i++) {
            many.append(',').append(i);
        }
        assertProblem(post("/v1/recommendations", many.append("]}").toString()), 400, "invalid-request");
        JsonNode p = assertProblem(get("/v1/nope"), 404, "not-found");
        assertThat(p.toString()).doesNotContain("Exception");
    }

    @Test
    void ingestAcceptsValidEventsIntoKafkaAndListsTheRejectedOnes() throws Exception {
        long now = System.currentTimeMillis();
        String body = """
                [{"eventId":"i1","userId":9,"itemId":12001,"categoryId":12,"type":"click","timestamp":%d},
                 {"eventId":"i2","userId":9,"itemId":12001,"categoryId":12,"type":"wink","timestamp":%d}]"""
                .formatted(now, now);
        HttpResponse<String> r = post("/v1/events", body);
        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.get("accepted").asInt()).isEqualTo(1);
        assertThat(json.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(json.get("rejected").get(0).get("reason").asText()).isEqualTo("unknown_type");

        assertProblem(post("/v1/events", "{\"not\":\"an array\"}"), 400, "malformed-body");
        assertProblem(post("/v1/events", "[]"), 422, "no-valid-events");
        assertProblem(post("/v1/events", "[" + "1,".repeat(1_000) + "1]"), 400, "too-many-events");
        assertProblem(post("/v1/events", "[\"" + "x".repeat(1_100_000) + "\"]"), 413, "body-too-large");
    }

    @Test
    void prometheusExposesRecommendationLatency() throws Exception {
        get("/v1/recommendations?userId=5&k=5");
        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics).contains("streamrank_recommend_latency_seconds_bucket")
                .contains("stage=\"score\"").contains("streamrank_recommend_requests_total");
    }

    private static List<Long> itemIds(JsonNode body) {
        List<Long> items = new ArrayList<>();
        body.get("items").forEach(i -> items.add(i.get("itemId").asLong()));
        return items;
    }

    private static JsonNode assertProblem(HttpResponse<String> r, int status, String slug) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.get("type").asText()).isEqualTo("https://streamrank.io/problems/" + slug);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("requestId").asText()).isNotBlank();
        return p;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
