package io.streamrank.ranking.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.CommandKeyword;
import io.lettuce.core.protocol.CommandType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.ranking.Conditions;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.TestProperties;
import io.streamrank.testkit.RedisNamespace;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Server-assisted caching of item values (ADR 56) against the machine's real Redis: values stay cached past their short
 * TTL while Redis tracks their keys, a change made by another client ends that within moments, a lost connection ends
 * it for everything, and a Redis that refuses tracking leaves the short TTLs in place. Own key prefix, removed after.
 */
class KeyTrackingIT {

    private static final String HOST = "127.0.0.1:6379";
    /** Short enough that a test outlives it many times over, long enough to be told apart from "no cache". */
    private static final Duration SHORT_TTL = Duration.ofMillis(300);

    private final String clientName = "sr-it-tracking-" + UUID.randomUUID().toString().substring(0, 8);
    private RedisNamespace ns;
    private String prefix;
    /** Another client of the same Redis: the feature job, another instance. */
    private RedisCommands<String, String> other;
    private RedisConnection redis;
    private ItemFeatureCache items;
    private SimpleMeterRegistry meters;

    @BeforeEach
    void connect() {
        ns = new RedisNamespace("redis://" + HOST, "tracking");
        prefix = ns.prefix();
        other = ns.commands();
    }

    @AfterEach
    void cleanUp() {
        ns.close();
        if (redis != null) {
            redis.close();
        }
    }

    private void start(String uri, boolean tracking) {
        Map<String, String> p = new HashMap<>(Map.of("streamrank.redis.uri", uri,
                "streamrank.redis.key-prefix", prefix,
                "streamrank.redis.tracking", Boolean.toString(tracking),
                "streamrank.features.item-cache-ttl", SHORT_TTL.toMillis() + "ms",
                "streamrank.features.item-cache-serve-stale", "30s"));
        RankingProperties properties = TestProperties.load(p);
        redis = new RedisConnection(properties);
        meters = new SimpleMeterRegistry();
        items = new ItemFeatureCache(redis, properties, meters);
    }

    private void store(long itemId, int clicks) {
        long now = System.currentTimeMillis();
        other.set(prefix + "i:" + itemId, FeatureCodec.encodeItem(new ItemFeatures(7, clicks, now, now)));
    }

    /** One lookup as a request makes it: how the cache answered ({@code hit}, {@code stale}, {@code miss}), the value. */
    private record Looked(String result, int clicks) {
        boolean read() {
            return result.equals("miss");
        }
    }

    private Looked lookUp(long itemId) {
        double hits = count("hit");
        double stale = count("stale");
        RedisRound round = redis.round();
        var values = items.lookup(round, new long[] {itemId});
        round.await();
        String result = count("hit") > hits ? "hit" : count("stale") > stale ? "stale" : "miss";
        return new Looked(result, values.get().clicks1h(0));
    }

    private double count(String result) {
        return meters.get("streamrank.features.item.cache").tag("result", result).counter().count();
    }

    @Test
    void aTrackedValueOutlivesItsShortTtlUntilAnotherClientChangesIt() throws InterruptedException {
        start("redis://" + HOST, true);
        store(1, 10);
        assertThat(lookUp(1).read()).as("first use reads").isTrue();
        assertThat(Conditions.within(Duration.ofSeconds(5), () -> redis.tracking().trusted()))
                .as("tracking switched on").isTrue();
        // Read again once tracking covers reads: from now on the value is kept until Redis says it changed.
        RedisRound again = redis.round();
        items.lookup(again, new long[] {1});
        again.await();
        long readAt = System.nanoTime();
        store(2, 20);
        assertThat(lookUp(2).read()).isTrue();

        Thread.sleep(SHORT_TTL.multipliedBy(3).toMillis());
        Looked kept = lookUp(2);
        assertThat(kept.result()).as("a tracked value past its short TTL is still fresh").isEqualTo("hit");
        assertThat(kept.clicks()).isEqualTo(20);
        assertThat(System.nanoTime() - readAt).isGreaterThan(SHORT_TTL.toNanos());

        long before = redis.invalidations();
        store(2, 21);
        assertThat(Conditions.within(Duration.ofSeconds(2), () -> redis.invalidations() > before))
                .as("Redis announced the change").isTrue();
        // The changed value is served stale once, its refresh riding the next round; then the new value is cached.
        assertThat(lookUp(2)).isEqualTo(new Looked("stale", 20));
        assertThat(Conditions.within(Duration.ofSeconds(2), () -> lookUp(2).clicks() == 21))
                .as("the announced change reached the cache").isTrue();
    }

    @Test
    void withoutTrackingAValuePastItsShortTtlIsRefreshed() throws InterruptedException {
        start("redis://" + HOST, false);
        store(3, 30);
        assertThat(lookUp(3).read()).isTrue();
        Thread.sleep(SHORT_TTL.multipliedBy(3).toMillis());
        store(3, 31);
        assertThat(redis.tracking().trusted()).isFalse();
        // Stale: used while the background read refreshes it, which then brings the change without any announcement.
        assertThat(lookUp(3)).isEqualTo(new Looked("stale", 30));
        assertThat(Conditions.within(Duration.ofSeconds(2), () -> lookUp(3).clicks() == 31)).isTrue();
    }

    @Test
    void aLostConnectionEndsTrackedValuesAndTrackingComesBackWithTheConnection() throws InterruptedException {
        // A serve-stale window of 30 s (ADR 47's; the default is 10 min since ADR 59): a stale value's refresh claimed
        // while the connection is down fails and gives its claim back, so a request after the reconnect refreshes it,
        // well before the window ends.
        start("redis://" + HOST + "?clientName=" + clientName, true);
        store(4, 40);
        lookUp(4);
        assertThat(Conditions.within(Duration.ofSeconds(5), () -> redis.tracking().trusted())).isTrue();
        Thread.sleep(SHORT_TTL.multipliedBy(2).toMillis());
        assertThat(Conditions.within(Duration.ofSeconds(3), () -> lookUp(4).result().equals("hit")))
                .as("tracked before the kill").isTrue();
        killOurConnection();
        // The disconnect is noticed on the event loop, a moment after the kill; the value must not be fresh after it.
        assertThat(Conditions.within(Duration.ofSeconds(2), () -> lookUp4Quietly().equals("stale")))
                .as("everything cached is stale once the connection is lost").isTrue();
        // A change while the connection is down is never announced to it: the reconnect must not trust the old value.
        store(4, 41);
        assertThat(Conditions.within(Duration.ofSeconds(5), () -> redis.tracking().trusted()))
                .as("tracking on again after the reconnect").isTrue();
        assertThat(Conditions.within(Duration.ofSeconds(5), () -> {
            try {
                Looked looked = lookUp(4);
                assertThat(looked).as("never fresh with the old value").isNotEqualTo(new Looked("hit", 40));
                return looked.clicks() == 41;
            } catch (FeatureStoreUnavailableException reconnecting) {
                return false;
            }
        })).as("the value changed while disconnected is read again").isTrue();
    }

    @Test
    void aRedisThatRefusesTrackingLeavesTheShortTtlsAndStillServes() throws InterruptedException {
        RedisCommands<String, String> c = other;
        String user = "sr-it-no-tracking-" + UUID.randomUUID().toString().substring(0, 8);
        // Everything but CLIENT TRACKING (an ACL is how a managed Redis may deny it).
        c.aclSetuser(user, AclSetuserArgs.Builder.on().addPassword("pw").allKeys().allChannels().allCommands()
                .removeCommand(CommandType.CLIENT, CommandKeyword.TRACKING));
        try {
            start("redis://" + user + ":pw@" + HOST, true);
            store(5, 50);
            assertThat(lookUp(5).read()).isTrue();
            Thread.sleep(SHORT_TTL.multipliedBy(3).toMillis());
            assertThat(redis.tracking().trusted()).as("refused").isFalse();
            store(5, 51);
            assertThat(lookUp(5)).as("stale past the short TTL").isEqualTo(new Looked("stale", 50));
            assertThat(Conditions.within(Duration.ofSeconds(2), () -> lookUp(5).clicks() == 51)).isTrue();
        } finally {
            c.aclDeluser(user);
        }
    }

    /** The cache's answer while the connection may still be reconnecting (the read then fails, the cache answered). */
    private String lookUp4Quietly() {
        double hits = count("hit");
        double stale = count("stale");
        try {
            lookUp(4);
        } catch (FeatureStoreUnavailableException reconnecting) {
            // the lookup itself was counted before the round failed
        }
        return count("hit") > hits ? "hit" : count("stale") > stale ? "stale" : "miss";
    }

    private void killOurConnection() {
        for (String line : other.clientList().split("\n")) {
            if (line.contains(" name=" + clientName + " ")) {
                String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
                other.clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(id)));
                return;
            }
        }
        throw new AssertionError("our connection is not in CLIENT LIST");
    }
}
