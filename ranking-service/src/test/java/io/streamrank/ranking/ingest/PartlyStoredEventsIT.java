package io.streamrank.ranking.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventCodec;
import io.streamrank.contract.event.EventType;
import io.streamrank.ranking.LiveFixture;
import io.streamrank.testkit.RedisNamespace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real broker storing some events of one request and refusing another, through the running service: its topic takes
 * record batches of at most {@code max.message.bytes}, set between the size of one ordinary event's batch and that of
 * an event whose {@code eventId} has the most characters the API accepts (far below the producer's own
 * {@code max.request.size}). Events are keyed by user, so the users here are chosen by partition. The broker refuses a
 * batch as a whole (MESSAGE_TOO_LARGE); the producer splits a refused batch of several records and sends the parts
 * again, so only a batch of the long event alone is refused for good.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class PartlyStoredEventsIT {

    private static final String TOPIC = "clickstream-partly-stored";
    private static final int PARTITIONS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long NOW = System.currentTimeMillis();
    /** A user whose events go to each partition (the producer hashes the user id key). */
    private static final long[] USER_OF_PARTITION = usersOfPartitions();

    private static RedisNamespace ns;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        LiveFixture f = LiveFixture.get();
        int ordinary = 0;
        int large = Integer.MAX_VALUE;
        for (long user : USER_OF_PARTITION) {
            ordinary = Math.max(ordinary, batchBytes(event("p0", user)));
            large = Math.min(large, batchBytes(event(longId('L'), user)));
        }
        assertThat(large - ordinary).as("bytes between the batches to tell apart").isGreaterThan(50);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, f.kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1).configs(Map.of(
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString((ordinary + large) / 2))))).all().get();
        }
        ns = new RedisNamespace(f.redis.uri(), "partly-stored");
        registry.add("streamrank.kafka.bootstrap-servers", f.kafka::bootstrapServers);
        registry.add("streamrank.kafka.topic", () -> TOPIC);
        registry.add("streamrank.kafka.send-timeout", () -> "10s"); // the machine's CPUs are shared
        // Every address (server.address unset), so writes need the service's token (ADR 78).
        registry.add("streamrank.api.write-token-file", f.writeTokenFile::toString);
        registry.add("streamrank.redis.uri", f.redis::uri);
        registry.add("streamrank.redis.key-prefix", ns::prefix);
        registry.add("streamrank.warmup.duration", () -> "0s"); // StartupWarmupIT tests it
        String noModels = Files.createTempDirectory("no-models").toString(); // ingest needs none
        registry.add("streamrank.model.dir", () -> noModels);
    }

    @AfterAll
    static void tearDown() {
        ns.close();
    }

    @Test
    void anEventTheBrokerRefusesIsNamedFailedIn503WhileTheOthersAreStored(CapturedOutput log) throws Exception {
        // Request indexes: 0 stored, 1 invalid (never sent), 2 refused by the broker, 3 stored; each valid event is
        // alone in its partition, so alone in its batch.
        String longId = longId('L');
        double unavailableBefore = unavailableIngests();

        HttpResponse<String> r = ingest("[" + json("p0", USER_OF_PARTITION[0]) + "," + json("invalid", 0) + ","
                + json(longId, USER_OF_PARTITION[1]) + "," + json("p3", USER_OF_PARTITION[2]) + "]");

        JsonNode problem = assertUnavailable(r);
        assertThat(problem.get("accepted").asInt()).isEqualTo(2);
        assertThat(ints(problem.get("failedIndexes"))).as("the refused event's index in the request").containsExactly(2);
        assertThat(problem.get("rejected")).hasSize(1);
        assertThat(problem.at("/rejected/0/index").asInt()).isEqualTo(1);
        assertThat(problem.at("/rejected/0/field").asText()).isEqualTo("userId");
        assertThat(problem.get("detail").asText()).contains("2 of 3 valid events were stored");
        Map<String, Integer> stored = stored();
        stored.values().removeIf(partition -> partition == 3); // the other test's
        assertThat(stored).as("partition of each stored event id").isEqualTo(Map.of("p0", 0, "p3", 2));
        // The broker's refusal at once, not the send timeout nor the producer's own max.request.size check.
        assertThat(log.getOut().lines().filter(l -> l.contains(problem.get("requestId").asText())))
                .singleElement(InstanceOfAssertFactories.STRING)
                .contains("RecordTooLargeException").doesNotContain("max.request.size").doesNotContain("Timeout");
        // The controller counts nothing of its own: every answer is counted by status and uri.
        assertThat(unavailableIngests() - unavailableBefore).isEqualTo(1.0);
    }

    @Test
    void eventsBatchedWithTheRefusedOneAreSplitOffAndWhatThe503CallsStoredIsInTheTopic() throws Exception {
        // One user, so one partition: the producer batches the three together (or the last on its own when it lingered
        // its 2 ms before that send), the broker refuses the batch as too large, and the producer splits it and sends
        // the parts again. Which of the others are stored depends on that batching (seen once: the broker took the
        // later batch first, the first event's retries were then out of sequence until the send timeout, and the 503
        // named it failed); what holds for any batching is asserted.
        long user = USER_OF_PARTITION[3];
        List<String> ids = List.of("s0", longId('M'), "s2");

        HttpResponse<String> r = ingest("[" + json(ids.get(0), user) + "," + json(ids.get(1), user) + ","
                + json(ids.get(2), user) + "]");

        JsonNode problem = assertUnavailable(r);
        List<Integer> failed = ints(problem.get("failedIndexes"));
        assertThat(failed).as("the long event is refused whatever its batch").contains(1);
        assertThat(problem.get("accepted").asInt()).isEqualTo(ids.size() - failed.size());
        Map<String, Integer> stored = stored();
        assertThat(stored).doesNotContainKey(ids.get(1));
        for (int i = 0; i < ids.size(); i++) {
            if (!failed.contains(i)) {
                assertThat(stored).as("named stored").containsEntry(ids.get(i), 3);
            }
        }
    }

    private HttpResponse<String> ingest(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/events"))
                .header("content-type", "application/json").header("Authorization", "Bearer "
                        + LiveFixture.get().writeToken).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode assertUnavailable(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.get("type").asText()).isEqualTo("https://streamrank.io/problems/ingest-unavailable");
        assertThat(problem.get("requestId").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
        return problem;
    }

    /** Event id to partition of every record in the topic. */
    private static Map<String, Integer> stored() throws Exception {
        Map<String, Integer> partitions = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LiveFixture.get().kafka.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                all.add(new TopicPartition(TOPIC, p));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
            Map<TopicPartition, Long> end = consumer.endOffsets(all);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (all.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    String id = JSON.readTree(record.value()).get("eventId").asText();
                    assertThat(partitions.put(id, record.partition())).as("stored twice: " + id).isNull();
                }
            }
        }
        return partitions;
    }

    private double unavailableIngests() throws Exception {
        String prometheus = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*status=\"503\""
                + "[^}]*uri=\"/v1/events\"[^}]*} ([0-9.eE+-]+)$").matcher(prometheus);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }

    /** The size of a record batch holding only {@code e}, as the producer sends it (no compression). */
    private static int batchBytes(ClickEvent e) {
        return MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(NOW,
                Long.toString(e.userId()).getBytes(StandardCharsets.UTF_8), EventCodec.encode(e))).sizeInBytes();
    }

    private static long[] usersOfPartitions() {
        long[] users = new long[PARTITIONS];
        int found = 0;
        for (long user = 1; found < PARTITIONS; user++) {
            // The producer's default partitioner for a keyed record.
            int p = Utils.toPositive(Utils.murmur2(Long.toString(user).getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (users[p] == 0) {
                users[p] = user;
                found++;
            }
        }
        return users;
    }

    /** An event id of the most characters the API accepts: its event is within the API's limits, not the topic's. */
    private static String longId(char c) {
        return String.valueOf(c).repeat(EventCodec.MAX_EVENT_ID_LENGTH);
    }

    private static ClickEvent event(String id, long userId) {
        return new ClickEvent(id, userId, 12_001, 12, EventType.CLICK, NOW);
    }

    private static String json(String id, long userId) {
        return "{\"eventId\":\"" + id + "\",\"userId\":" + userId + ",\"itemId\":12001,\"categoryId\":12,"
                + "\"type\":\"click\",\"timestamp\":" + NOW + "}";
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }
}
