package io.streamrank.ranking.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.sync.RedisCommands;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.ranking.LiveFixture;
import io.streamrank.ranking.RankingApplication;
import io.streamrank.ranking.TestModels;
import io.streamrank.testkit.RedisNamespace;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The start-up warm-up against a real Redis and model: the service's own web server answers while it runs, yet its
 * readiness probe refuses traffic until the warm-up is over; the warm-up ranked real users (its log names them as
 * sampled; the HNSW sources, which the session source needs their recent items for, asked for neighbour lists) and
 * left no trace: no shown items in Redis, no request in the request meters or {@code http.server.requests}, nothing
 * in the meters of what requests found (feature ages, staleness, sources, rules; ADR 90). Before ranking it read item
 * values, catalog entries and retrieval lists into the caches (Redis tracks their keys, ADR 56, ADR 57), so that a
 * shopper whose click no request used yet is answered after one Redis round. A request carrying a guessed token
 * counts as any other.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupWarmupIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long NOW = System.currentTimeMillis();
    private static final List<Long> USERS = List.of(301L, 302L, 303L);
    private static final long OUTSIDE_MODEL = 99_001;
    private static final String ONE_ROUND = "streamrank_recommend_redis_rounds_bucket{le=\"1.0\"";

    private static LiveFixture fixture;
    private static RedisNamespace ns;
    private static RedisKeys keys;

    @BeforeAll
    static void seed() {
        fixture = LiveFixture.get();
        ns = new RedisNamespace(fixture.redis.uri(), "warm");
        keys = new RedisKeys(ns.prefix());
        RedisCommands<String, String> r = ns.commands();
        for (long user : USERS) {
            r.set(keys.user(user), FeatureCodec.encodeUser(new UserFeatures(List.of(
                    new RecentItem(12_001, 12, EventType.CLICK, NOW - 1_000),
                    new RecentItem(12_002, 12, EventType.CLICK, NOW - 2_000)), Map.of(12L, 2), NOW - 1_000, NOW, NOW)));
        }
        // An item the model was not trained on, with a value, neighbours and a trending category of its own.
        r.set(keys.item(OUTSIDE_MODEL), FeatureCodec.encodeItem(new ItemFeatures(99, 3, NOW, NOW)));
        r.zadd(keys.coVisitation(OUTSIDE_MODEL), 1, Long.toString(OUTSIDE_MODEL + 1));
        r.zadd(keys.popularCategory(99), 4, Long.toString(OUTSIDE_MODEL + 2));
        // Bought together with 12_007 by others: a list no warm-up user's trigger leads to.
        r.zadd(keys.coVisitation(12_007), 3, "12008");
        r.zadd(keys.coVisitation(12_007), 2, "12009");
        for (int n = 0; n < 10; n++) {
            r.set(keys.item(12_000 + n), FeatureCodec.encodeItem(new ItemFeatures(12, 5, NOW, NOW)));
            r.zadd(keys.popularAll(), 5 + n, Long.toString(12_000 + n));
        }
    }

    @AfterAll
    static void clean() {
        ns.close();
    }

    @Test
    void readinessWaitsForAWarmupThatRanksRealUsersAndLeavesNoTrace(CapturedOutput log) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CompletableFuture<ConfigurableApplicationContext> started = CompletableFuture.supplyAsync(() ->
                new SpringApplicationBuilder(RankingApplication.class).run(
                        "--server.port=" + port,
                        "--server.address=127.0.0.1", // loopback: no write token needed (ADR 78)
                        "--streamrank.kafka.bootstrap-servers=" + fixture.kafka.bootstrapServers(),
                        "--streamrank.redis.uri=" + fixture.redis.uri(),
                        "--streamrank.redis.key-prefix=" + ns.prefix(),
                        "--streamrank.redis.timeout=2s",
                        "--streamrank.model.dir=" + TestModels.trainedWithEmbeddings(),
                        "--streamrank.retrieval.ann-reload-check=200ms",
                        "--streamrank.warmup.duration=3s",
                        // Longer only while the JIT is busy (ADR 62): bounded, so that a busy CI machine waits 6 s.
                        "--streamrank.warmup.max-duration=6s",
                        "--streamrank.warmup.users=10"));
        List<Integer> readiness = new ArrayList<>();
        while (!started.isDone()) {
            int status = status(port, "/actuator/health/readiness");
            if (status > 0 && (readiness.isEmpty() || readiness.get(readiness.size() - 1) != status)) {
                readiness.add(status);
            }
            Thread.sleep(50);
        }
        try (ConfigurableApplicationContext context = started.get(10, TimeUnit.SECONDS)) {
            readiness.add(status(port, "/actuator/health/readiness"));
            // The server answered while the warm-up ran, and said "not ready" until it was over.
            assertThat(readiness).startsWith(503).endsWith(200);

            assertThat(log.getOut()).contains("(3 sampled users, HNSW index ready");
            String meters = get(port, "/actuator/prometheus");
            // The HNSW sources ran: the users' clicks' (and the product pages' item's) neighbour lists were searched.
            assertThat(sum(meters, "streamrank_ann_neighbour_lists_total{")).isPositive();
            // Redis tracks the cached keys (the default): the model's items' values were read in first (ADR 56).
            assertThat(sum(meters, "streamrank_redis_tracking_active")).isEqualTo(1.0);
            assertThat(sum(meters, "streamrank_values_preloaded_total{kind=\"item\"")).isPositive();
            assertThat(sum(meters, "streamrank_values_preloaded_total{kind=\"catalog\"")).isPositive();
            assertThat(sum(meters, "streamrank_values_preloaded_total{kind=\"list\""))
                    .as("a co-visitation list per item, two lists per category").isGreaterThanOrEqualTo(30.0);
            assertThat(sum(meters, "streamrank_recommend_requests_total{")).isZero();
            assertThat(sum(meters, "streamrank_recommend_latency_seconds_count{")).isZero();
            assertThat(meters).doesNotContain("uri=\"/v1/recommendations\"");
            // What the warm-up's requests found is not what shoppers' requests found: its thousands of requests would
            // show on the staleness, source and rule panels as a burst at every start (ADR 90).
            for (String found : List.of("streamrank_retrieval_candidates_count{", "streamrank_retrieval_skipped_total{",
                    "streamrank_rules_applied_total{", "streamrank_features_missing_total{",
                    "streamrank_features_stale_total{", "streamrank_feature_age_seconds_count{",
                    "streamrank_category_fallbacks_total{")) {
                assertThat(sum(meters, found)).as(found).isZero();
            }
            for (long user : USERS) {
                assertThat(ns.commands().exists(keys.shown(user))).isZero();
            }

            // A guessed token is an ordinary request: counted, and its items recorded as shown.
            HttpResponse<String> guessed = HTTP.send(HttpRequest.newBuilder(URI.create(
                    "http://localhost:" + port + "/v1/recommendations?userId=301&k=3"))
                    .header(WarmupToken.HEADER, "0123456789abcdef0123456789abcdef").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(guessed.statusCode()).isEqualTo(200);
            meters = get(port, "/actuator/prometheus");
            assertThat(sum(meters, "streamrank_recommend_requests_total{")).isEqualTo(1.0);
            assertThat(sum(meters, "streamrank_retrieval_candidates_count{source=\"session\"")).isEqualTo(1.0);
            assertThat(sum(meters, "streamrank_feature_age_seconds_count{kind=\"user\"")).isEqualTo(1.0);
            assertThat(meters).contains("uri=\"/v1/recommendations\"");
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (ns.commands().exists(keys.shown(301)) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20); // shown items ride the next Redis round, within 20 ms when idle (ADR 38)
            }
            assertThat(ns.commands().exists(keys.shown(301))).isOne();

            // Shoppers who arrive after the warm-up, whose last click is an item no request used yet, one the model
            // knows and one it does not (in another category): their lists were preloaded (ADR 57), so the user's round
            // is the only one.
            assertOneRound(port, 304, new RecentItem(12_007, 12, EventType.CLICK, NOW - 500));
            assertOneRound(port, 305, new RecentItem(OUTSIDE_MODEL, 99, EventType.CLICK, NOW - 500));
        }
    }

    private static int status(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1; // not listening yet
        }
    }

    private static String get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sum of the samples whose line starts with {@code prefix}. */
    private static void assertOneRound(int port, long user, RecentItem click) throws Exception {
        ns.commands().set(keys.user(user), FeatureCodec.encodeUser(new UserFeatures(List.of(click),
                Map.of(click.categoryId(), 1), click.timestamp(), NOW, NOW)));
        double oneRound = sum(get(port, "/actuator/prometheus"), ONE_ROUND);
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + port + "/v1/recommendations?userId=" + user + "&k=50&explain=true")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).as("the preloaded list was used").contains("covisitation");
        assertThat(sum(get(port, "/actuator/prometheus"), ONE_ROUND) - oneRound)
                .as("user %d answered after one Redis round", user).isEqualTo(1.0);
    }

    private static double sum(String meters, String prefix) {
        return meters.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
