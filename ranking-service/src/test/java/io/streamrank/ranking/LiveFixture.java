package io.streamrank.ranking;

import io.lettuce.core.api.sync.RedisCommands;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.testkit.EmbeddedKafka;
import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.RedisNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The world the live-service integration tests share (one Spring context for all of them): a real Kafka broker, the
 * local Redis under a private prefix, a real trained model with item embeddings, a catalog CSV, and features seeded
 * as the pipeline writes them. Started once per JVM, cleaned up when the JVM exits.
 *
 * <p>Items are {@code category * 1000 + n}. Category 12 is what the users below browse, category 13 is globally
 * popular, 15_500/15_501 are co-visited with 12_001, 12_900 and 16_100 are new in the catalog, 12_007 is
 * unavailable, 14_001's features are 3 h old (stale), user 9's are 25 h old (stale).
 */
public final class LiveFixture {

    public static final long NOW = System.currentTimeMillis();
    public static final long HOUR = Duration.ofHours(1).toMillis();

    private static LiveFixture instance;

    public final EmbeddedKafka kafka;
    public final LocalRedis redis;
    public final RedisNamespace ns;
    public final RedisKeys keys;
    public final Path models;
    public final Path catalogCsv;
    /** The API write token the service is given, new in every run (ADR 78). */
    public final String writeToken;
    /** The file holding it, as a mounted Secret holds it (with a trailing line break). */
    public final Path writeTokenFile;

    private LiveFixture() throws IOException {
        kafka = EmbeddedKafka.start(1, "clickstream");
        redis = LocalRedis.findOrStart();
        ns = new RedisNamespace(redis.uri(), "svc");
        keys = new RedisKeys(ns.prefix());
        models = TestModels.trainedWithEmbeddings();
        catalogCsv = writeCatalog(Files.createTempDirectory("catalog").resolve("catalog.csv"));
        writeToken = "it-" + UUID.randomUUID();
        writeTokenFile = Files.writeString(Files.createTempDirectory("api-token").resolve("token"), writeToken + "\n");
        seed(ns.commands());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // The service's context closes in Spring's own shutdown hook, sending its last deferred writes (a
            // request's shown items, ADR 38) as it does: cleared before that, the namespace kept such a key.
            awaitSpringShutdown();
            ns.close();
            kafka.close();
            redis.close();
        }));
    }

    /**
     * Waits (bounded) for the shutdown hooks that close the test's Spring contexts to finish: Spring Boot's and the
     * context's own, whichever the test framework registered.
     */
    private static void awaitSpringShutdown() {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        // All shutdown hooks are started together; Spring's may not have started yet when this one looks.
        for (int look = 0; look < 20; look++) {
            List<Thread> hooks = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("SpringApplicationShutdownHook")
                            || t.getName().equals("SpringContextShutdownHook"))
                    .toList();
            if (!hooks.isEmpty()) {
                for (Thread t : hooks) {
                    try {
                        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public static synchronized LiveFixture get() {
        if (instance == null) {
            try {
                instance = new LiveFixture();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    private static Path writeCatalog(Path file) throws IOException {
        Files.write(file, List.of("itemId,categoryId,createdAt,available,price,title",
                "12900,12," + (NOW - 2 * HOUR) + ",true,9.99,\"New mug, blue\"",
                "12901,12," + (NOW - 30 * 24 * HOUR) + ",true,9.99,Old mug",
                "12007,12," + (NOW - 30 * 24 * HOUR) + ",false,5.00,Sold out",
                "16100,16," + (NOW - HOUR) + ",true,,Brand new elsewhere",
                "0,12," + NOW + ",true,,a bad row"));
        return file;
    }

    private void seed(RedisCommands<String, String> r) {
        for (long user : List.of(5L, 7L, 8L, 10L, 11L, 12L, 13L, 20L, 21L)) {
            r.set(keys.user(user), FeatureCodec.encodeUser(browsing(List.of(
                    new RecentItem(12_001, 12, EventType.CLICK, NOW - 1_000),
                    new RecentItem(12_002, 12, EventType.CLICK, NOW - 2_000),
                    new RecentItem(12_003, 12, EventType.CLICK, NOW - 3_000)), NOW)));
        }
        r.set(keys.user(6), FeatureCodec.encodeUser(browsing(List.of(
                new RecentItem(12_004, 12, EventType.BUY, NOW - 60_000),
                new RecentItem(12_005, 12, EventType.CLICK, NOW - 90_000)), NOW)));
        r.set(keys.user(9), FeatureCodec.encodeUser(browsing(List.of(
                new RecentItem(12_001, 12, EventType.CLICK, NOW - 25 * HOUR)), NOW - 25 * HOUR)));
        for (int n = 0; n < 10; n++) {
            long a = 12_000 + n;
            long b = 13_000 + n;
            r.set(keys.item(a), FeatureCodec.encodeItem(new ItemFeatures(12, 5, NOW, NOW)));
            r.set(keys.item(b), FeatureCodec.encodeItem(new ItemFeatures(13, 50, NOW, NOW)));
            r.zadd(keys.popularCategory(12), 5 + n, Long.toString(a));
            r.zadd(keys.popularAll(), 50 + n, Long.toString(b));
        }
        r.set(keys.item(14_001), FeatureCodec.encodeItem(new ItemFeatures(14, 7, NOW - 3 * HOUR, NOW - 3 * HOUR)));
        r.zadd(keys.coVisitation(12_001), 9, "15500");
        r.zadd(keys.coVisitation(12_001), 5, "15501");
    }

    private static UserFeatures browsing(List<RecentItem> recent, long updatedAt) {
        List<RecentItem> items = new ArrayList<>(recent);
        return new UserFeatures(items, Map.of(12L, items.size()), items.get(0).timestamp(), updatedAt, updatedAt);
    }
}
