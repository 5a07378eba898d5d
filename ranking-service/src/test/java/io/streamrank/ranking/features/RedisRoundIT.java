package io.streamrank.ranking.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.AclCategory;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SortArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.CommandType;
import io.streamrank.ranking.OwnRedis;
import io.streamrank.ranking.TestProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A round's commands against the machine's real Redis (own key prefix, removed afterwards). */
class RedisRoundIT {

    private static final String URI = "redis://127.0.0.1:6379";

    private final String prefix = "sr:it:round:" + UUID.randomUUID() + ":";
    private RedisClient client;
    private StatefulRedisConnection<String, String> direct;
    private RedisConnection redis;

    @BeforeEach
    void connect() {
        client = RedisClient.create(URI);
        direct = client.connect();
        redis = new RedisConnection(TestProperties.load(Map.of("streamrank.redis.uri", URI,
                "streamrank.redis.key-prefix", prefix)));
    }

    @AfterEach
    void cleanUp() {
        RedisCommands<String, String> c = direct.sync();
        List<String> ours = c.keys(prefix + "*");
        if (!ours.isEmpty()) {
            c.del(ours.toArray(String[]::new));
        }
        direct.close();
        client.shutdown();
        redis.close();
    }

    @Test
    void aReadOfAKeyHoldingAnotherTypeIsAbsentWhereAddedAsSuchAndFailsTheRoundOtherwise() {
        RedisCommands<String, String> c = direct.sync();
        c.set(prefix + "list", "a string where a sorted set belongs");
        c.set(prefix + "a", "1");

        RedisRound round = redis.round();
        RedisRound.Reply<List<String>> members = round.addRead(r -> r.zrevrange(prefix + "list", 0, -1), List.of());
        RedisRound.Reply<String> user = round.addRead(r -> r.hget(prefix + "a", "f"), "none");
        RedisRound.Reply<String> get = round.add(r -> r.get(prefix + "a"));
        round.await(); // Redis answered every command: no outage

        assertThat(members.get()).isEmpty();
        assertThat(user.get()).isEqualTo("none");
        assertThat(get.get()).isEqualTo("1");

        // A command added as any other: its WRONGTYPE still fails the round (a catalog upsert must not report success).
        RedisRound strict = redis.round();
        strict.add(r -> r.zrevrange(prefix + "list", 0, -1));
        assertThatThrownBy(strict::await).isInstanceOf(FeatureStoreUnavailableException.class);
    }

    @Test
    void commandsAreWrittenOnlyWhenTheRoundIsSentAndEveryReplyIsThereAfterTheAwait() {
        RedisCommands<String, String> c = direct.sync();
        c.set(prefix + "a", "1");
        c.set(prefix + "b", "2");
        c.zadd(prefix + "z", 1.0, "low");
        c.zadd(prefix + "z", 2.0, "high");

        RedisRound round = redis.round();
        RedisRound.Reply<String> written = round.add(r -> r.set(prefix + "w", "x"));
        RedisRound.Reply<String> get = round.add(r -> r.get(prefix + "a"));
        RedisRound.Reply<List<KeyValue<String, String>>> mget =
                round.add(r -> r.mget(prefix + "a", prefix + "missing", prefix + "b"));
        RedisRound.Reply<List<String>> top = round.add(r -> r.zrevrange(prefix + "z", 0, -1));
        // Collected, not written: another client does not see the SET yet.
        assertThat(c.exists(prefix + "w")).isZero();

        round.await();

        assertThat(written.get()).isEqualTo("OK");
        assertThat(get.get()).isEqualTo("1");
        assertThat(mget.get()).extracting(kv -> kv.getValueOrElse(null)).containsExactly("1", null, "2");
        assertThat(top.get()).containsExactly("high", "low");
        assertThat(c.get(prefix + "w")).isEqualTo("x");
    }

    @Test
    void aSentRoundIsWrittenBeforeItIsAwaited() throws InterruptedException {
        RedisRound round = redis.round();
        round.add(r -> r.set(prefix + "sent", "y"));
        round.send();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (direct.sync().exists(prefix + "sent") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(direct.sync().get(prefix + "sent")).isEqualTo("y");
    }

    @Test
    void aDeferredWriteGoesOutWithTheNextRoundAheadOfItsReads() {
        RedisRound writes = redis.round();
        RedisRound.Reply<String> set = writes.add(r -> r.set(prefix + "deferred", "v"));
        writes.defer();
        // The next round, sent at once, carries the write before its own read, so the read sees it: the order the
        // drop-shown rule relies on for a user's next request. (The timer alone would send it 20 ms later.)
        RedisRound next = redis.round();
        RedisRound.Reply<String> get = next.add(r -> r.get(prefix + "deferred"));
        next.await();
        assertThat(get.get()).isEqualTo("v");
        assertThat(set.get()).isEqualTo("OK");
    }

    @Test
    void aDeferredRefreshRidesTheNextRoundAndHandsItsReplyToItsCallback() throws Exception {
        direct.sync().set(prefix + "refreshed", "new");
        CompletableFuture<String> taken = new CompletableFuture<>();
        RedisRound refresh = redis.round();
        refresh.addRefresh(r -> r.get(prefix + "refreshed"), taken::complete, () -> taken.complete("failed"));
        refresh.defer();
        // Nobody awaits the refresh: the next round carries it, and its reply goes to the callback.
        RedisRound next = redis.round();
        RedisRound.Reply<String> pong = next.add(r -> r.ping());
        next.await();
        assertThat(pong.get()).isEqualTo("PONG");
        assertThat(taken.get(5, TimeUnit.SECONDS)).isEqualTo("new");
    }

    @Test
    void aRefreshThatFailsRunsItsFailureCallbackInsteadOfItsReplyCallback() throws Exception {
        // A GET of a list is an error reply: the refresh's claim must be given back rather than held (ADR 47).
        direct.sync().rpush(prefix + "a-list", "1");
        CompletableFuture<String> replied = new CompletableFuture<>();
        CompletableFuture<Void> failed = new CompletableFuture<>();
        RedisRound refresh = redis.round();
        refresh.addRefresh(r -> r.get(prefix + "a-list"), replied::complete, () -> failed.complete(null));
        refresh.defer();
        RedisRound next = redis.round();
        next.add(r -> r.ping());
        next.await();
        failed.get(5, TimeUnit.SECONDS);
        assertThat(replied).isNotDone();
    }

    @Test
    void everyThreadReadsItsOwnDeferredWritesBackWhileOthersTakeThemAlong() throws Exception {
        // Each thread defers a write and reads it back at once, while the other threads' rounds may take that write
        // into their own batches: only if a batch that took writes reaches the connection before any batch sent
        // after it does every read see its thread's last write.
        int threads = 4;
        int writes = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> stale = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String key = prefix + "own:" + t;
                stale.add(pool.submit(() -> {
                    int misses = 0;
                    for (int i = 1; i <= writes; i++) {
                        String value = Integer.toString(i);
                        RedisRound write = redis.round();
                        write.add(r -> r.set(key, value));
                        write.defer();
                        RedisRound read = redis.round();
                        RedisRound.Reply<String> got = read.add(r -> r.get(key));
                        read.await();
                        misses += value.equals(got.get()) ? 0 : 1;
                    }
                    return misses;
                }));
            }
            for (Future<Integer> f : stale) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDeferredWriteNoRoundTakesIsSentByTheTimer() throws InterruptedException {
        RedisRound writes = redis.round();
        writes.add(r -> r.set(prefix + "alone", "w"));
        writes.defer();
        assertThatThrownBy(() -> writes.add(r -> r.get(prefix + "alone"))).isInstanceOf(IllegalStateException.class);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (direct.sync().exists(prefix + "alone") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(direct.sync().get(prefix + "alone")).isEqualTo("w");
    }

    @Test
    void aDeferredWriteThatCannotBeSentFailsItsFutureNotTheCaller() throws Exception {
        afterTheServerWentAway(gone -> {
            RedisRound writes = gone.round();
            AtomicReference<CompletableFuture<String>> set = new AtomicReference<>();
            writes.add(r -> {
                RedisFuture<String> f = r.set(prefix + "lost", "x");
                set.set(f.toCompletableFuture());
                return f;
            });
            writes.defer();
            assertThatThrownBy(() -> set.get().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        });
    }

    @Test
    void aRoundOnAServerThatWentAwayFailsAsUnavailable() throws Exception {
        afterTheServerWentAway(gone -> assertThatThrownBy(() -> {
            RedisRound round = gone.round();
            round.add(r -> r.get(prefix + "a"));
            round.await();
        }).isInstanceOf(FeatureStoreUnavailableException.class));
    }

    /** Runs {@code check} on a connection whose server answered once and then stopped. */
    private void afterTheServerWentAway(ThrowingConsumer<RedisConnection> check) throws Exception {
        try (OwnRedis own = OwnRedis.start()) {
            RedisConnection gone = new RedisConnection(TestProperties.load(Map.of("streamrank.redis.uri", own.uri(),
                    "streamrank.redis.key-prefix", prefix)));
            try {
                RedisRound first = gone.round();
                RedisRound.Reply<String> pong = first.add(r -> r.ping());
                first.await();
                assertThat(pong.get()).isEqualTo("PONG");
                own.stop();
                check.accept(gone);
            } finally {
                gone.close();
            }
        }
    }

    @Test
    void aCommandRedisRefusesIsToldApartFromRedisBeingDown() throws Exception {
        RedisCommands<String, String> c = direct.sync();
        // A user whose ACL denies SORT, as a managed Redis might: Redis answers with an error reply (NOPERM).
        String user = "sr-it-nosort-" + UUID.randomUUID();
        c.aclSetuser(user, AclSetuserArgs.Builder.on().addPassword("pw").allKeys().allChannels()
                .allCommands().removeCommand(CommandType.SORT));
        RedisConnection denied = new RedisConnection(TestProperties.load(Map.of(
                "streamrank.redis.uri", "redis://" + user + ":pw@127.0.0.1:6379",
                "streamrank.redis.key-prefix", prefix)));
        // A user allowed read commands only, as on a replica or with a read-only ACL: SORT is a write command.
        String reader = "sr-it-read-" + UUID.randomUUID();
        c.aclSetuser(reader, AclSetuserArgs.Builder.on().addPassword("pw").allKeys().allChannels()
                .addCategory(AclCategory.READ).addCategory(AclCategory.CONNECTION));
        RedisConnection readOnly = new RedisConnection(TestProperties.load(Map.of(
                "streamrank.redis.uri", "redis://" + reader + ":pw@127.0.0.1:6379",
                "streamrank.redis.key-prefix", prefix)));
        RedisConnection down = new RedisConnection(TestProperties.load(Map.of(
                "streamrank.redis.uri", "redis://127.0.0.1:1", "streamrank.redis.key-prefix", prefix)));
        try {
            SortArgs join = SortArgs.Builder.by("nosort").get("#")
                    .get(prefix + "i:*");
            assertThat(redis.accepts(r -> r.sort(prefix + "none", join)).get()).isTrue();
            assertThat(denied.accepts(r -> r.sort(prefix + "none", join)).get()).isFalse();
            assertThat(denied.accepts(r -> r.get(prefix + "none")).get()).as("other commands still run").isTrue();
            assertThat(denied.accepts(r -> r.sortReadOnly(prefix + "none", join)).get()).as("SORT_RO").isTrue();
            assertThat(readOnly.accepts(r -> r.sort(prefix + "none", join)).get()).isFalse();
            assertThat(readOnly.accepts(r -> r.sortReadOnly(prefix + "none", join)).get()).isTrue();
            assertThatThrownBy(() -> down.accepts(r -> r.sort(prefix + "none", join)).get())
                    .hasCauseInstanceOf(FeatureStoreUnavailableException.class);
        } finally {
            denied.close();
            readOnly.close();
            down.close();
            c.aclDeluser(user, reader);
        }
    }
}
