package io.streamrank.ranking.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.api.sync.RedisCommands;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.Stage;
import io.streamrank.ranking.LiveFixture;
import io.streamrank.ranking.RankingApplication;
import io.streamrank.ranking.TestModels;
import io.streamrank.registry.TrainOptions;
import io.streamrank.registry.Trainer;
import io.streamrank.registry.versions.ModelRegistry;
import io.streamrank.testkit.RedisNamespace;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole service with a production, a canary and a shadow version in its registry, against the real Redis: the
 * answer names the version that ranked it, which is the canary exactly for the users of its cohort, and the shadow
 * scored sampled requests after they were answered, all visible on {@code /actuator/prometheus}.
 */
class RolloutOverHttpIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = System.currentTimeMillis();

    @TempDir
    static Path dir;

    private static LiveFixture fixture;
    private static RedisNamespace ns;
    private static Path models;
    private static String production;

    @BeforeAll
    static void registryAndItems() throws Exception {
        models = TestModels.train(dir);
        ModelRegistry registry = new ModelRegistry(new LocalDirectoryStore(models));
        production = registry.list().get(0).version();
        for (String version : List.of("v-canary", "v-shadow")) {
            Trainer.train(TrainOptions.defaults(List.of(dir.resolve("train.csv")), models).withVersion(version)
                    .withSeed(version.length() + 11L).withEpochs(2), line -> { });
        }
        registry.promote(production, Stage.PRODUCTION, "serving");
        registry.promote("v-canary", Stage.CANARY, "half of the users");
        registry.promote("v-shadow", Stage.SHADOW, "every request");

        fixture = LiveFixture.get();
        ns = new RedisNamespace(fixture.redis.uri(), "rollout");
        RedisKeys keys = new RedisKeys(ns.prefix());
        RedisCommands<String, String> r = ns.commands();
        for (int n = 0; n < 30; n++) {
            long cat = 11 + n % 10;
            r.set(keys.item(cat * 1000 + n), FeatureCodec.encodeItem(new ItemFeatures(cat, 5 + n, NOW, NOW)));
            r.zadd(keys.popularAll(), 5 + n, Long.toString(cat * 1000 + n));
        }
    }

    @AfterAll
    static void clean() {
        ns.close();
    }

    @Test
    void theCanaryRanksItsCohortTheOthersGetProductionAndTheShadowScoresOffTheAnswer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RankingApplication.class).run(
                "--server.port=" + port,
                "--server.address=127.0.0.1", // loopback: no write token needed (ADR 78)
                "--streamrank.kafka.bootstrap-servers=" + fixture.kafka.bootstrapServers(),
                "--streamrank.redis.uri=" + fixture.redis.uri(),
                "--streamrank.redis.key-prefix=" + ns.prefix(),
                "--streamrank.redis.timeout=2s",
                "--streamrank.model.dir=" + models,
                "--streamrank.model.cache-dir=" + dir.resolve("cache"),
                "--streamrank.warmup.duration=0s",
                "--streamrank.rollout.canary-percent=50",
                "--streamrank.rollout.shadow-percent=100")) {
            int byCanary = 0;
            for (long user = 1; user <= 40; user++) {
                JsonNode answer = JSON.readTree(get(port, "/v1/recommendations?userId=" + user + "&k=5"));
                boolean inCohort = CanaryCohort.bucket(user, "v-canary") < CanaryCohort.BUCKETS / 2;
                assertThat(answer.get("degraded").asBoolean()).as(answer.toString()).isFalse();
                assertThat(answer.get("items")).hasSize(5);
                assertThat(answer.get("modelVersion").asText()).as("user " + user)
                        .isEqualTo(inCohort ? "v-canary" : production);
                byCanary += inCohort ? 1 : 0;
            }
            assertThat(byCanary).as("both groups met").isBetween(5, 35);

            // Every request was drawn for the shadow; each is scored after its answer, on the shadow's thread.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String meters = get(port, "/actuator/prometheus");
            while (sum(meters, "streamrank_rollout_shadow_requests_total{outcome=\"scored\"")
                    + sum(meters, "streamrank_rollout_shadow_requests_total{outcome=\"dropped\"") < 40
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
                meters = get(port, "/actuator/prometheus");
            }
            assertThat(sum(meters, "streamrank_rollout_shadow_requests_total{outcome=\"scored\"")).isPositive();
            assertThat(sum(meters, "streamrank_rollout_shadow_requests_total{outcome=\"failed\"")).isZero();
            assertThat(sum(meters, "streamrank_rollout_shadow_overlap_count")).isPositive();
            assertThat(sum(meters, "streamrank_rollout_loaded{device=\"cpu\",role=\"canary\",version=\"v-canary\""))
                    .isEqualTo(1.0);
            assertThat(sum(meters, "streamrank_rollout_loaded{device=\"cpu\",role=\"shadow\",version=\"v-shadow\""))
                    .isEqualTo(1.0);
            assertThat(sum(meters, "streamrank_recommend_scored_total{model_version=\"v-canary\"")).isEqualTo(byCanary);
            assertThat(sum(meters, "streamrank_recommend_scored_total{model_version=\"" + production + "\""))
                    .isEqualTo(40 - byCanary);
        }
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** The sum of the samples whose line starts with {@code prefix}. */
    private static double sum(String meters, String prefix) {
        return meters.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
