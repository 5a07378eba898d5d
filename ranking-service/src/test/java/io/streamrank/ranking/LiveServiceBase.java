package io.streamrank.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests against the live service on {@link LiveFixture}: they all share one Spring context
 * (same configuration), so the service starts once for all of them. Not a test itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class LiveServiceBase {

    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        LiveFixture f = LiveFixture.get();
        registry.add("streamrank.kafka.bootstrap-servers", f.kafka::bootstrapServers);
        registry.add("streamrank.redis.uri", f.redis::uri);
        // Ready at once: the start-up warm-up has its own test (StartupWarmupIT) and would add to these meters.
        registry.add("streamrank.warmup.duration", () -> "0s");
        registry.add("streamrank.redis.key-prefix", f.ns::prefix);
        registry.add("streamrank.model.dir", f.models::toString);
        registry.add("streamrank.catalog.csv", f.catalogCsv::toString);
        // Every address (server.address unset), so the service needs its write token, from a file as in deploy/.
        registry.add("streamrank.api.write-token-file", f.writeTokenFile::toString);
        registry.add("streamrank.retrieval.ann-reload-check", () -> "500ms");
        // The machine's CPUs are shared: a generous read budget keeps a slow moment from degrading an answer that a
        // test inspects (degradation has its own tests).
        registry.add("streamrank.redis.timeout", () -> "2s");
    }

    /** Waits (bounded) until the HNSW index of the served model is built in the background. */
    protected void awaitAnnIndex() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (get("/actuator/prometheus").body().lines()
                    .anyMatch(l -> l.startsWith("streamrank_ann_index_items ") && !l.endsWith(" 0.0"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the HNSW index was not built within 30 s");
    }

    protected HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** As a client holding the write token (a shop's backend): writes need it (ADR 78), reads ignore it. */
    protected HttpResponse<String> send(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("content-type", "application/json").header("Authorization", bearer())
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the first line of {@code /actuator/prometheus} whose name and tags match {@code regex}, else 0. */
    protected double counter(String regex) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + regex + " ([0-9.eE+-]+)$").matcher(get("/actuator/prometheus").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }

    protected HttpResponse<String> post(String path, String body) throws Exception {
        return send("POST", path, body);
    }

    /** The {@code Authorization} header value of a writer. */
    protected static String bearer() {
        return "Bearer " + LiveFixture.get().writeToken;
    }

    /** Every record value on the clickstream topic so far. */
    protected static List<String> clickstreamValues() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LiveFixture.get().kafka.bootstrapServers());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("clickstream").stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() - deadline < 0) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            return values;
        }
    }

    protected static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    protected static List<Long> itemIds(JsonNode body) {
        List<Long> items = new ArrayList<>();
        body.get("items").forEach(i -> items.add(i.get("itemId").asLong()));
        return items;
    }

    protected static JsonNode item(JsonNode body, long itemId) {
        for (JsonNode i : body.get("items")) {
            if (i.get("itemId").asLong() == itemId) {
                return i;
            }
        }
        throw new AssertionError("item " + itemId + " not in " + body);
    }

    protected static List<String> sources(JsonNode item) {
        List<String> out = new ArrayList<>();
        item.get("explanation").get("sources").forEach(s -> out.add(s.asText()));
        return out;
    }

    protected static JsonNode assertProblem(HttpResponse<String> r, int status, String slug) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.get("type").asText()).isEqualTo("https://streamrank.io/problems/" + slug);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("requestId").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").get());
        assertThat(p.toString()).doesNotContain("Exception");
        return p;
    }
}
