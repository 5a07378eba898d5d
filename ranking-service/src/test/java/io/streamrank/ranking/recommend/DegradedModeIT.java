package io.streamrank.ranking.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.RedisNamespace;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** No loadable model (scoring fails) and Kafka down: the service still answers, marked and counted. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DegradedModeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalRedis redis;
    private static RedisNamespace ns;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        redis = LocalRedis.findOrStart();
        ns = new RedisNamespace(redis.uri(), "degraded");
        RedisKeys keys = new RedisKeys(ns.prefix());
        long now = System.currentTimeMillis();
        for (int n = 0; n < 5; n++) {
            ns.commands().set(keys.item(13_000 + n), FeatureCodec.encodeItem(new ItemFeatures(13, 9, now, now)));
            ns.commands().zadd(keys.popularAll(), 50 + n, Long.toString(13_000 + n));
        }
        // A foreign member at the top of the popularity set is skipped, not a reason to leave the snapshot empty.
        ns.commands().zadd(keys.popularAll(), 1_000, "not-an-item-id");
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        // On loopback: writes need no token there (ADR 78), and this test is about something else.
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("streamrank.redis.uri", redis::uri);
        registry.add("streamrank.warmup.duration", () -> "0s"); // StartupWarmupIT tests it
        registry.add("streamrank.redis.key-prefix", ns::prefix);
        registry.add("streamrank.redis.timeout", () -> "2s");
        String emptyModels = Files.createTempDirectory("empty-models").toString();
        registry.add("streamrank.model.dir", () -> emptyModels);
        registry.add("streamrank.kafka.bootstrap-servers", () -> "127.0.0.1:" + deadPort);
        registry.add("streamrank.kafka.send-timeout", () -> "500ms");
        registry.add("streamrank.ingest.max-concurrent", () -> "1");
    }

    @AfterAll
    static void tearDown() {
        ns.close();
        redis.close();
    }

    @Test
    void scoringFailureAnswersInRetrievalOrderMarkedDegradedAndCounted() throws Exception {
        HttpResponse<String> r = get("/v1/recommendations?userId=1&k=3&explain=true");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("degraded").asBoolean()).as(r.body()).isTrue();
        assertThat(body.get("fallback").asText()).isEqualTo("retrieval_order");
        assertThat(body.get("modelVersion").asText()).isEqualTo("none");
        List<Long> ids = new ArrayList<>();
        body.get("items").forEach(i -> {
            ids.add(i.get("itemId").asLong());
            assertThat(i.get("explanation").has("modelScore")).isFalse();
        });
        // An unknown user's candidates are the popular items, most popular first.
        assertThat(ids).containsExactly(13_004L, 13_003L, 13_002L);
        assertThat(get("/actuator/prometheus").body())
                .containsPattern("streamrank_recommend_requests_total\\{outcome=\"degraded_model\"[^}]*} [1-9]");

        // Nothing left to score (the caller's one candidate also excluded): still an answer without a model, marked.
        HttpResponse<String> none = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/v1/recommendations")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":1,\"candidates\":[5],\"exclude\":[5]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).as(none.body()).isEqualTo(200);
        JsonNode empty = JSON.readTree(none.body());
        assertThat(empty.get("items")).isEmpty();
        assertThat(empty.get("degraded").asBoolean()).as(none.body()).isTrue();
        assertThat(empty.get("fallback").asText()).isEqualTo("retrieval_order");
        assertThat(get("/actuator/prometheus").body()).doesNotContain("model_version=\"none\"");
    }

    @Test
    void kafkaDownAnswers503WithRetryAfterSoTheClientRetries() throws Exception {
        String event = "[{\"eventId\":\"k1\",\"userId\":1,\"itemId\":2,\"categoryId\":3,\"type\":\"click\",\"timestamp\":"
                + System.currentTimeMillis() + "}]";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/v1/events")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).contains("1");
        assertThat(JSON.readTree(r.body()).get("type").asText()).endsWith("/ingest-unavailable");
    }

    @Test
    void kafkaDownAnswersABatchAfterOneSendTimeoutNotOnePerEvent() throws Exception {
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            events.append(i == 0 ? "" : ",").append("{\"eventId\":\"b").append(i).append("\",\"userId\":").append(i + 1)
                    .append(",\"itemId\":2,\"categoryId\":3,\"type\":\"click\",\"timestamp\":")
                    .append(System.currentTimeMillis()).append('}');
        }
        long started = System.nanoTime();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/v1/events")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(events.append(']').toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(r.body()).get("type").asText()).endsWith("/ingest-unavailable");
        // Not a performance bound: the 500 ms send timeout is the request's, not each event's. Each of the 100 sends
        // used to wait it out (50 s); ten timeouts leave room for a slow machine.
        assertThat(tookMs).as("ms to answer").isLessThan(5_000);
    }

    @Test
    void withKafkaDownIngestBeyondItsConcurrencyIsTurnedAwayAtOnceInsteadOfHoldingServerThreads() throws Exception {
        String event = "[{\"eventId\":\"c1\",\"userId\":1,\"itemId\":2,\"categoryId\":3,\"type\":\"click\","
                + "\"timestamp\":" + System.currentTimeMillis() + "}]";
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sent.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/events"))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<String> types = new java.util.ArrayList<>();
        for (var f : sent) {
            HttpResponse<String> r = f.get();
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            types.add(JSON.readTree(r.body()).get("type").asText().replaceAll(".*/", ""));
        }
        // One sender at a time (max-concurrent 1) waits out the 500 ms send timeout; the others are not queued.
        assertThat(types).contains("ingest-unavailable", "overloaded");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
