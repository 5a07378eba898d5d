package io.streamrank.ops.monitoring;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventCodec;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.registry.Checksums;
import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.registry.TrainOptions;
import io.streamrank.registry.Trainer;
import io.streamrank.registry.versions.ModelRegistry;
import io.streamrank.registry.versions.RegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What MetricNamesIT feeds the real parts so that every metric is registered: a model, events, HTTP requests, registry
 * operations.
 */
final class Traffic {

    private Traffic() {
    }

    /** A real model from the real trainer on a small generated clickstream (items {@code category * 1000 + n}). */
    static Path trainSmallModel(Path dir) throws IOException {
        return trainSmallModel(dir, null);
    }

    /** The same, the version signed with the private key in {@code signingKey} as the trainer CronJob signs it. */
    static Path trainSmallModel(Path dir, Path signingKey) throws IOException {
        Random random = new Random(7);
        List<String> lines = new ArrayList<>();
        long t = 1_511_661_600L;
        for (int user = 1; user <= 60; user++) {
            long category = 11 + random.nextInt(5);
            for (int i = 0; i < 20; i++) {
                long item = category * 1000 + random.nextInt(20);
                lines.add(user + "," + item + "," + category + ",pv," + (t + user * 7L + i * 60L));
            }
        }
        Path csv = Files.write(dir.resolve("train.csv"), lines);
        Path models = dir.resolve("models");
        Trainer.train(TrainOptions.defaults(List.of(csv), models).withSigningKey(signingKey), line -> { });
        return models;
    }

    /** Valid clicks for a few users, plus records the job must dead-letter (so rejection counters move). */
    static void produceEvents(String bootstrap) {
        long now = System.currentTimeMillis();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 40; i++) {
                long user = 1 + i % 4;
                ClickEvent e = new ClickEvent("ops-" + i, user, 11_000 + i % 7, 11, EventType.CLICK,
                        now - 5_000 + i * 100L);
                producer.send(new ProducerRecord<>("clickstream", Long.toString(user), EventCodec.encode(e)));
            }
            producer.send(new ProducerRecord<>("clickstream", "1", "{not json".getBytes(StandardCharsets.UTF_8)));
        }
    }

    /**
     * Real traffic: recommendations (GET and POST), an ingest with one bad event sent with the API write token
     * (ADR 78), and invalid requests. Returns the status of the ingest request.
     */
    static int exercise(String base, String writeToken) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 5; i++) {
            send(http, HttpRequest.newBuilder(URI.create(base + "/v1/recommendations?userId=" + (1 + i % 4) + "&k=5")));
        }
        send(http, HttpRequest.newBuilder(URI.create(base + "/v1/recommendations"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":1,\"k\":3,\"candidates\":[11001,11002]}")));
        long now = System.currentTimeMillis();
        int ingest = send(http, HttpRequest.newBuilder(URI.create(base + "/v1/events"))
                .header("content-type", "application/json").header("Authorization", "Bearer " + writeToken)
                .POST(HttpRequest.BodyPublishers.ofString("[{\"eventId\":\"x1\",\"userId\":3,\"itemId\":11003,"
                        + "\"categoryId\":11,\"type\":\"click\",\"timestamp\":" + now + "},{\"eventId\":\"x2\","
                        + "\"userId\":3,\"itemId\":1,\"categoryId\":1,\"type\":\"wink\",\"timestamp\":" + now + "}]")));
        send(http, HttpRequest.newBuilder(URI.create(base + "/v1/recommendations?userId=-1")));
        return ingest;
    }

    /** An ingest without the write token, which the service refuses (401, counted in http_server_requests). */
    static int ingestWithoutToken(String base) {
        return send(HttpClient.newHttpClient(), HttpRequest.newBuilder(URI.create(base + "/v1/events"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[]")));
    }

    /**
     * The registry API over a store of one uploaded version: registered and promoted through the API, so that the
     * request and stage-change meters exist, then scraped at /metrics.
     */
    static Exposition scrapeRegistry(Path store) throws Exception {
        Path v = store.resolve("v1");
        Files.createDirectories(v.resolve("model"));
        Files.writeString(v.resolve("model/saved_model.pb"), "graph");
        Files.writeString(v.resolve("metadata.json"), "{\"version\":\"v1\"}");
        Files.write(v.resolve(Checksums.FILE_NAME), Checksums.of(v).bytes());
        try (RegistryServer server = RegistryServer.start(new ModelRegistry(new LocalDirectoryStore(store)),
                "127.0.0.1", 0)) {
            String base = "http://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newHttpClient();
            int registered = send(http, HttpRequest.newBuilder(URI.create(base + "/v1/models"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"version\":\"v1\"}")));
            int promoted = send(http, HttpRequest.newBuilder(URI.create(base + "/v1/models/v1/promote"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"stage\":\"production\"}")));
            if (registered != 201 || promoted != 200) {
                throw new IllegalStateException("registry answered " + registered + " and " + promoted);
            }
            return Exposition.scrape(base + "/metrics");
        }
    }

    private static int send(HttpClient http, HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
