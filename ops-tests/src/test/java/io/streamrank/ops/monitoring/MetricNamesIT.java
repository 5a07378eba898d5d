package io.streamrank.ops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.SigningKeys;
import io.streamrank.contract.registry.Stage;
import io.streamrank.ops.Repo;
import io.streamrank.pipeline.FeatureJob;
import io.streamrank.pipeline.PipelineSettings;
import io.streamrank.registry.versions.ModelRegistry;
import io.streamrank.testkit.EmbeddedKafka;
import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.RedisNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric name that a dashboard, an alert or the autoscaler's adapter rules query is exported by a running
 * ranking service (its fat jar, scraped at /actuator/prometheus after real requests), by the feature job (a Flink
 * MiniCluster with the Prometheus reporter the images enable, scraped on its port while the job runs and checkpoints)
 * or by the registry API (scraped at /metrics after a registration and a promotion).
 */
class MetricNamesIT {

    /** Series Prometheus makes itself for every target. */
    private static final Set<String> SYNTHETIC = Set.of("up");
    private static final int FLINK_METRICS_PORT = freePort();
    private static int lastIngestStatus;
    private static int anonymousIngestStatus;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(reporter()).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path work;

    /** The reporter settings of deploy/ and docker-compose (prometheus/flink-conf), on a free port. */
    private static Configuration reporter() {
        Configuration conf = new Configuration();
        conf.setString("metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", Integer.toString(FLINK_METRICS_PORT));
        return conf;
    }

    @Test
    void everyMetricNameInDashboardsAlertsAndAdapterRulesIsExportedByTheServiceOrTheFeatureJob() throws Exception {
        Map<String, Set<String>> referenced = MonitoringQueries.referencedNames();
        assertThat(referenced).as("metric names found in grafana/, prometheus/ and the adapter rules").isNotEmpty();

        Set<String> service;
        Set<String> flink;
        Set<String> registry = keep("model-registry", Traffic.scrapeRegistry(work.resolve("registry-store")));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(2, "clickstream", "clickstream-dlq");
             LocalRedis redis = LocalRedis.findOrStart();
             RedisNamespace ns = new RedisNamespace(redis.uri(), "ops-metrics")) {
            // Signed as the trainer CronJob signs it, and required as the Deployment requires it (ADR 79): the
            // model-loaded assertion below also proves STREAMRANK_MODEL_VERIFYKEYS binds and the signature verifies.
            KeyPair keys = SigningKeys.generate();
            Path signingKey = Files.writeString(work.resolve("signing-key.pem"),
                    SigningKeys.privateKeyPem(keys.getPrivate()));
            Path verifyKey = Files.writeString(work.resolve("verify-key.pem"),
                    SigningKeys.publicKeyPem(keys.getPublic()));
            Path models = Traffic.trainSmallModel(work, signingKey);
            // The Deployment serves only a promoted version (STREAMRANK_MODEL_REQUIREPRODUCTION): promoted as an
            // operator would, so the model-loaded assertion below also proves that variable binds.
            ModelRegistry trained = new ModelRegistry(new LocalDirectoryStore(models));
            trained.promote(trained.list().get(0).version(), Stage.PRODUCTION, "ops test");
            Traffic.produceEvents(kafka.bootstrapServers());
            PipelineSettings settings = PipelineSettings.fromArgs(new String[] {
                "--kafka.bootstrap", kafka.bootstrapServers(), "--redis.uri", redis.uri(),
                "--redis.prefix", ns.prefix(), "--parallelism", "2", "--checkpoint.interval", "1s",
                "--checkpoint.dir", work.resolve("checkpoints").toUri().toString()});
            JobClient job = FeatureJob.start(settings);
            try {
                awaitFeatures(ns);
                // The API write token as the Deployment gives it: a file from a mounted Secret (ADR 78).
                String writeToken = "ops-" + UUID.randomUUID();
                Path tokenFile = Files.writeString(work.resolve("api-token"), writeToken + "\n");
                Map<String, String> env = Map.of(
                        "STREAMRANK_KAFKA_BOOTSTRAPSERVERS", kafka.bootstrapServers(),
                        "STREAMRANK_REDIS_URI", redis.uri(),
                        "STREAMRANK_REDIS_KEYPREFIX", ns.prefix(),
                        "STREAMRANK_MODEL_DIR", models.toString(),
                        "STREAMRANK_MODEL_DEVICE", "cpu",
                        "STREAMRANK_MODEL_REQUIREPRODUCTION", "true",
                        // The GPU overlay's setting (ops on a pool thread); binding it here proves the name.
                        "STREAMRANK_MODEL_INTEROPTHREADS", "1",
                        "STREAMRANK_API_WRITETOKENFILE", tokenFile.toString(),
                        "STREAMRANK_MODEL_VERIFYKEYS", verifyKey.toString());
                assertThat(env.keySet()).as("every STREAMRANK_* variable the Deployment sets is exercised here")
                        .containsAll(deploymentEnvironment());
                try (RankingServiceProcess rs = RankingServiceProcess.start(
                        Path.of(System.getProperty("streamrank.rankingServiceJar")),
                        Path.of(System.getProperty("TENSORFLOW_LIBRARY_PATH")), work.resolve("ranking-service.log"),
                        env)) {
                    lastIngestStatus = Traffic.exercise(rs.baseUrl, writeToken);
                    anonymousIngestStatus = Traffic.ingestWithoutToken(rs.baseUrl);
                    // The dashboard's GC panel queries a metric that exists only once the JVM has collected.
                    rs.collectGarbage();
                    assertConfiguredAsTheDeploymentSays(rs);
                    service = keep("ranking-service", Exposition.scrape(rs.managementUrl + "/actuator/prometheus"));
                }
                awaitCheckpoint();
                flink = keep("flink", Exposition.scrape("http://127.0.0.1:" + FLINK_METRICS_PORT + "/metrics"));
            } finally {
                FeatureJob.stop(job);
            }
        }

        // Not vacuous: both scrapes carry the project's own metrics.
        assertThat(service).contains("streamrank_recommend_requests_total", "streamrank_model_loaded");
        assertThat(flink).anyMatch(n -> n.endsWith("streamrank_events_accepted"));
        assertThat(registry).contains("streamrank_registry_versions", "streamrank_registry_stage_changes_total");

        Map<String, Set<String>> unknown = new TreeMap<>(referenced);
        unknown.keySet().removeIf(n -> service.contains(n) || flink.contains(n) || registry.contains(n)
                || SYNTHETIC.contains(n));
        assertThat(unknown)
                .as("metric names queried but exported by neither the ranking service, the feature job nor the "
                        + "registry API (scrapes saved in ops-tests/target/exported-metrics/)")
                .isEmpty();
    }

    /** STREAMRANK_* variables of the ranking-service container in deploy/ (the base Deployment and every overlay). */
    private static Set<String> deploymentEnvironment() throws IOException {
        Set<String> names = new TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name: (STREAMRANK_\\w+)").matcher(
                Files.readString(Repo.path("deploy/base/ranking-service/deployment.yaml"))
                        + Files.readString(Repo.path("deploy/overlays/gpu/kustomization.yaml")));
        while (m.find()) {
            names.add(m.group(1));
        }
        names.remove("STREAMRANK_MODEL_PREDICTORS"); // a number with a default; not observable from outside
        return names;
    }

    /**
     * The variables took effect: the model from STREAMRANK_MODEL_DIR is served, ingest reached the broker named by
     * STREAMRANK_KAFKA_BOOTSTRAPSERVERS (202) with the token from STREAMRANK_API_WRITETOKENFILE and was refused
     * without it (401), features were read under STREAMRANK_REDIS_KEYPREFIX (the job's items
     * are recommended), and metrics are on the management port only, as the Deployment's probes and ServiceMonitor
     * expect.
     */
    private static void assertConfiguredAsTheDeploymentSays(RankingServiceProcess rs) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String metrics = Exposition.scrape(rs.managementUrl + "/actuator/prometheus").text();
        assertThat(metrics).containsPattern("streamrank_model_loaded\\{device=\"cpu\",version=\"v[^\"]+\"} 1\\.0");
        // A user the traffic never asked for: the service hides what it already showed a user (drop-shown rule), and
        // the job's seven items were all shown to users 1-4.
        HttpResponse<String> rec = http.send(HttpRequest.newBuilder(URI.create(rs.baseUrl
                + "/v1/recommendations?userId=99&k=10")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(rec.statusCode()).isEqualTo(200);
        assertThat(rec.body()).contains("\"degraded\":false").containsPattern("\"itemId\":1100[0-6]");
        assertThat(lastIngestStatus).isEqualTo(202);
        assertThat(anonymousIngestStatus).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(rs.baseUrl + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
    }

    /** Saves the scrape for people writing dashboards and returns its sample names. */
    private static Set<String> keep(String name, Exposition e) throws IOException {
        Path dir = Path.of("target", "exported-metrics");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".prom"), e.text());
        Files.write(dir.resolve(name + ".names.txt"), e.sampleNames());
        return e.sampleNames();
    }

    private static void awaitFeatures(RedisNamespace ns) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!ns.commands().keys(ns.prefix() + "*").isEmpty()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the feature job wrote nothing to Redis within 120 s");
    }

    /** Waits for a completed checkpoint, so checkpoint size and duration carry real values when scraped. */
    private static void awaitCheckpoint() throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            String text = Exposition.scrape("http://127.0.0.1:" + FLINK_METRICS_PORT + "/metrics").text();
            for (String line : text.split("\n")) {
                if (line.startsWith("flink_jobmanager_job_numberOfCompletedCheckpoints")
                        && !line.strip().endsWith(" 0.0")) {
                    return;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no checkpoint completed within 60 s");
    }

    private static int freePort() {
        try {
            return RankingServiceProcess.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
