package io.streamrank.ranking.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.ranking.TestModels;
import io.streamrank.testkit.LocalRedisCluster;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service on a real three-master Redis Cluster ({@code streamrank.redis.cluster=true}, ADR 52), the store the
 * feature job writes with {@code --redis.cluster true}: features, retrieval lists, catalog writes and the items shown
 * to a user all live on the node owning their key's slot, and one request's reads span the nodes. A node killed
 * mid-test degrades the answers that need it to the popularity snapshot, as a standalone Redis down does; they
 * recover once it is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EnabledIf("io.streamrank.testkit.LocalRedisCluster#available")
// The cluster is this class's own: its service must not outlive it in Spring's context cache.
@DirtiesContext
class RedisClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final RedisKeys KEYS = new RedisKeys("sr:");
    private static LocalRedisCluster cluster;
    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> connection;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        cluster = LocalRedisCluster.start();
        client = RedisClusterClient.create(cluster.seedUri());
        connection = client.connect();
        seed(connection.sync());
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        int deadPort = dead;
        // On loopback: writes need no token there (ADR 78), and this test is about something else.
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("streamrank.redis.uri", cluster::seedUri);
        registry.add("streamrank.warmup.duration", () -> "0s"); // StartupWarmupIT tests it
        registry.add("streamrank.redis.cluster", () -> "true");
        registry.add("streamrank.redis.timeout", () -> "2s");
        registry.add("streamrank.model.dir", () -> TestModels.trainedWithEmbeddings().toString());
        registry.add("streamrank.kafka.bootstrap-servers", () -> "127.0.0.1:" + deadPort);
        registry.add("streamrank.ranking.popularity-refresh", () -> "500ms");
    }

    @AfterAll
    static void stopCluster() {
        if (connection != null) {
            connection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** As the feature job writes them: users 5, 7, 8 just clicked 12_001..12_003; 15_500 is co-visited with 12_001. */
    private static void seed(RedisAdvancedClusterCommands<String, String> r) {
        long now = System.currentTimeMillis();
        for (long user : List.of(5L, 7L, 8L)) {
            List<RecentItem> recent = List.of(new RecentItem(12_001, 12, EventType.CLICK, now - 1_000),
                    new RecentItem(12_002, 12, EventType.CLICK, now - 2_000),
                    new RecentItem(12_003, 12, EventType.CLICK, now - 3_000));
            r.set(KEYS.user(user), FeatureCodec.encodeUser(new UserFeatures(recent, Map.of(12L, 3), now - 1_000, now,
                    now)));
        }
        for (int n = 0; n < 10; n++) {
            r.set(KEYS.item(12_000 + n), FeatureCodec.encodeItem(new ItemFeatures(12, 5, now, now)));
            r.set(KEYS.item(13_000 + n), FeatureCodec.encodeItem(new ItemFeatures(13, 50, now, now)));
            r.zadd(KEYS.popularCategory(12), 5 + n, Long.toString(12_000 + n));
            r.zadd(KEYS.popularAll(), 50 + n, Long.toString(13_000 + n));
        }
        r.set(KEYS.item(15_500), FeatureCodec.encodeItem(new ItemFeatures(15, 9, now, now)));
        r.zadd(KEYS.coVisitation(12_001), 9, "15500");
        r.zadd(KEYS.coVisitation(12_001), 5, "15501");
    }

    @Test
    void everyRedisSourceFeatureAndCatalogEntryIsReadAcrossTheClusterNodes() throws Exception {
        long now = System.currentTimeMillis();
        HttpResponse<String> upsert = send("PUT", "/v1/catalog/items", """
                {"items":[{"itemId":12900,"categoryId":12,"createdAt":%d,"title":"new mug"},
                          {"itemId":12007,"categoryId":12,"createdAt":1000,"available":false}]}""".formatted(now));
        assertThat(upsert.statusCode()).as(upsert.body()).isEqualTo(200);
        assertThat(JSON.readTree(upsert.body()).get("upserted").asInt()).isEqualTo(2);
        assertThat(connection.sync().get(KEYS.catalogItem(12900))).as("written to the owning node").isNotNull();

        JsonNode body = recommend("userId=5&k=200&explain=true");
        assertThat(body.get("degraded").asBoolean()).as(body.toString()).isFalse();
        assertThat(body.get("modelVersion").asText()).startsWith("v");
        assertThat(sources(body, 15_500)).as("co-visitation list cv:12001").contains("covisitation");
        assertThat(sources(body, 12_009)).as("trending list pop:c:12").contains("trending");
        assertThat(sources(body, 12_900)).as("new-item list written by the catalog upsert").contains("new");
        assertThat(sources(body, 13_009)).as("popular list pop:all").contains("popular");
        assertThat(sources(body, 12_001)).as("the user's own click, from u:5").contains("recent");
        assertThat(ids(body)).as("unavailable in the catalog").doesNotContain(12_007L);
        JsonNode ages = item(body, 15_500).get("explanation").get("featureAges");
        assertThat(ages.get("userUsed").asBoolean()).as("user features read").isTrue();
        assertThat(ages.get("itemUsed").asBoolean()).as("item features read").isTrue();
        assertThat(item(body, 12_900).get("explanation").get("categoryId").asLong()).as("catalog entry").isEqualTo(12);

        // Not a one-node accident: the keys this request read live on every node of the cluster.
        Set<String> nodes = new HashSet<>();
        List<String> read = new ArrayList<>(List.of(KEYS.user(5), KEYS.coVisitation(12_001),
                KEYS.popularCategory(12), KEYS.newItemsInCategory(12), KEYS.catalogItem(12_900)));
        LongStream.range(12_000, 12_010).forEach(id -> read.add(KEYS.item(id)));
        for (String key : read) {
            nodes.add(connection.getPartitions().getPartitionBySlot(SlotHash.getSlot(key)).getNodeId());
        }
        assertThat(nodes).hasSize(3);
    }

    @Test
    void itemsShownToTheUserAreWrittenToTheClusterAndHiddenFromTheNextAnswer() throws Exception {
        String request = "userId=7&k=3&explain=true";
        List<Long> first = ids(recommend(request));
        assertThat(first).hasSize(3);

        JsonNode next = recommend(request);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!next.get("explanation").get("dropped").has("shown") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            next = recommend(request);
        }
        assertThat(ids(next)).hasSize(3).doesNotContainAnyElementsOf(first);
        assertThat(connection.sync().zcard(KEYS.shown(7))).isGreaterThanOrEqualTo(3L);
    }

    @Test
    void aNodeDownDegradesAnswersToThePopularitySnapshotAndTheyRecoverOnceItIsBack() throws Exception {
        // The node owning user 8's key: its value is read by every request for user 8 (never cached).
        int port = connection.getPartitions().getPartitionBySlot(SlotHash.getSlot(KEYS.user(8))).getUri().getPort();
        int node = cluster.ports().indexOf(port);
        assertThat(recommend("userId=8&k=5").get("degraded").asBoolean()).isFalse();

        cluster.stopNode(node);
        try {
            JsonNode down = recommend("userId=8&k=5");
            assertThat(down.get("degraded").asBoolean()).as(down.toString()).isTrue();
            assertThat(down.get("fallback").asText()).isEqualTo("popularity_snapshot");
            assertThat(ids(down)).hasSize(5);
        } finally {
            cluster.startNode(node);
            seed(connection.sync()); // the node came back empty: nothing is persisted
        }
        JsonNode back = recommend("userId=8&k=5");
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (back.get("degraded").asBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            back = recommend("userId=8&k=5");
        }
        assertThat(back.get("degraded").asBoolean()).as("recovered once the node is back").isFalse();
        assertThat(back.get("modelVersion").asText()).startsWith("v");
    }

    private JsonNode recommend(String query) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/v1/recommendations?" + query)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("content-type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Long> ids(JsonNode body) {
        List<Long> out = new ArrayList<>();
        body.get("items").forEach(i -> out.add(i.get("itemId").asLong()));
        return out;
    }

    private static JsonNode item(JsonNode body, long itemId) {
        for (JsonNode i : body.get("items")) {
            if (i.get("itemId").asLong() == itemId) {
                return i;
            }
        }
        throw new AssertionError("item " + itemId + " not in " + body);
    }

    private static List<String> sources(JsonNode body, long itemId) {
        List<String> out = new ArrayList<>();
        item(body, itemId).get("explanation").get("sources").forEach(s -> out.add(s.asText()));
        return out;
    }
}
