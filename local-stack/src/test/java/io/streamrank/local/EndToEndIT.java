package io.streamrank.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through every real part: events over HTTP → Kafka (in-process KRaft broker) → the Flink job (MiniCluster) →
 * Redis (the local server) → the ranking service (its own JVM, real DJL model trained by the real trainer).
 * {@link ClusterEndToEndIT} runs the same on a Redis Cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int K = 10;

    private LocalStack stack;

    /** Whether the stack runs on a three-master Redis Cluster instead of the local Redis (ADR 52). */
    boolean redisCluster() {
        return false;
    }

    @BeforeAll
    void startStack(@TempDir Path dir) throws Exception {
        Path events = ShopperFixture.write(dir.resolve("shoppers.csv"), 7L);
        stack = LocalStack.start(new LocalStack.Options(0, dir.resolve("models"), events, events, 0,
                "srtest:e2e:" + UUID.randomUUID().toString().substring(0, 8) + ":",
                Path.of(System.getProperty("streamrank.rankingServiceJar")),
                Path.of(System.getProperty("TENSORFLOW_LIBRARY_PATH")), dir.resolve("run"),
                LocalStack.Options.DEFAULT_CHECKPOINTS, redisCluster()), System.out::println);
        assertThat(stack.redisCluster()).isEqualTo(redisCluster());
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void clicksOnANewCategoryMoveThatCategoryUpInTheUsersTopK() throws Exception {
        long user = 1L;
        awaitWarm(user);
        List<Long> before = topK(user);
        long category = categoryNewTo(user);
        long countBefore = before.stream().filter(i -> ShopperFixture.categoryOf(i) == category).count();

        long posted = System.nanoTime();
        StringBuilder clicks = new StringBuilder("[");
        for (int n = 0; n < 3; n++) {
            long item = category * 1000 + n;
            clicks.append(n == 0 ? "" : ",").append("""
                    {"eventId":"e2e-%d","userId":%d,"itemId":%d,"categoryId":%d,"type":"click","timestamp":%d}"""
                    .formatted(n, user, item, category, System.currentTimeMillis()));
        }
        HttpResponse<String> ingest = post("/v1/events", clicks.append("]").toString());
        assertThat(ingest.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(ingest.body()).get("accepted").asInt()).isEqualTo(3);

        long countAfter = countBefore;
        long deadline = posted + Duration.ofSeconds(30).toNanos();
        while (countAfter <= countBefore && System.nanoTime() < deadline) {
            Thread.sleep(50);
            countAfter = topK(user).stream().filter(i -> ShopperFixture.categoryOf(i) == category).count();
        }
        double seconds = (System.nanoTime() - posted) / 1e9;
        System.out.printf("category %d in user %d's top-%d: %d before, %d after; visible %.2f s after posting%n",
                category, user, K, countBefore, countAfter, seconds);
        assertThat(countAfter).as("items of the clicked category moved up").isGreaterThan(countBefore);
    }

    @Test
    void badEventsAndBadRequestsGetProblemDetailsNotServerErrors() throws Exception {
        HttpResponse<String> bad = post("/v1/events", "[{\"eventId\":\"x\",\"userId\":1}]");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(bad.body());
        assertThat(problem.get("type").asText()).isEqualTo("https://streamrank.io/problems/no-valid-events");
        assertThat(problem.get("rejected").get(0).get("reason").asText()).isEqualTo("missing_field");

        HttpResponse<String> badK = get("/v1/recommendations?userId=1&k=0");
        assertThat(badK.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badK.body()).get("type").asText()).endsWith("/invalid-request");

        // The service listens on every address, so its writes need the stack's token (ADR 78).
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/v1/events"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[]")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"streamrank\"");
        assertThat(JSON.readTree(anonymous.body()).get("type").asText()).endsWith("/unauthorized");
    }

    /** The first answers after start-up may be degraded while the JVM and the model warm up on a busy machine. */
    private void awaitWarm(long user) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode body;
        do {
            body = JSON.readTree(get("/v1/recommendations?userId=" + user + "&k=" + K).body());
        } while (body.path("degraded").asBoolean(true) && System.nanoTime() < deadline && sleep(200));
    }

    private static boolean sleep(long ms) throws InterruptedException {
        Thread.sleep(ms);
        return true;
    }

    private long categoryNewTo(long user) throws IOException {
        List<Long> seen = new ArrayList<>();
        stack.replayed().stream().filter(e -> e.userId() == user).forEach(e -> seen.add(e.categoryId()));
        for (long c = ShopperFixture.FIRST_CATEGORY; c < ShopperFixture.FIRST_CATEGORY + ShopperFixture.CATEGORIES; c++) {
            if (!seen.contains(c)) {
                return c;
            }
        }
        throw new IllegalStateException("user " + user + " has seen every category");
    }

    private List<Long> topK(long user) throws IOException, InterruptedException {
        HttpResponse<String> r = get("/v1/recommendations?userId=" + user + "&k=" + K);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("modelVersion").asText()).as(r.body()).isEqualTo(stack.modelVersion());
        assertThat(body.get("degraded").asBoolean()).as(r.body()).isFalse();
        List<Long> items = new ArrayList<>();
        body.get("items").forEach(i -> items.add(i.get("itemId").asLong()));
        assertThat(items).hasSize(K);
        return items;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** As the shop's backend posts: with the stack's write token. */
    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                .header("content-type", "application/json").header("Authorization", "Bearer " + stack.writeToken())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
