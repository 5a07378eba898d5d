package io.streamrank.ranking.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Redis unreachable and no model: the service still answers 200, marked degraded, and counts it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DegradedModeIT {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        int redisPort = deadPort;
        registry.add("streamrank.redis.uri", () -> "redis://127.0.0.1:" + redisPort);
        String emptyModels = Files.createTempDirectory("empty-models").toString();
        registry.add("streamrank.model.dir", () -> emptyModels);
        registry.add("streamrank.kafka.bootstrap-servers", () -> "127.0.0.1:" + redisPort);
        registry.add("streamrank.kafka.send-timeout", () -> "500ms");
    }

    @Test
    void redisDownAnswersDegradedInsteadOfFailing() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/v1/recommendations?userId=1&k=5")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.get("degraded").asBoolean()).isTrue();
        assertThat(body.get("modelVersion").asText()).isEqualTo("none");

        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("streamrank_recommend_requests_total\\{[^}]*outcome=\"degraded_redis\"[^}]*} [1-9]");
    }

    @Test
    void kafkaDownAnswers503WithRetryAfterSoTheClientRetries() throws Exception {
        String event = "[{\"eventId\":\"k1\",\"userId\":1,\"itemId\":2,\"categoryId\":3,\"type\":\"click\",\"timestamp\":"
                + System.currentTimeMillis() + "}]";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/v1/events")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).contains("1");
        assertThat(new ObjectMapper().readTree(r.body()).get("type").asText()).endsWith("/ingest-unavailable");
    }
}
