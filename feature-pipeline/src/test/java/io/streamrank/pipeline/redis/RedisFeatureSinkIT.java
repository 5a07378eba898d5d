package io.streamrank.pipeline.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.RedisNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisFeatureSinkIT {

    private static LocalRedis redis;
    private static RedisNamespace ns;

    @BeforeAll
    static void redis() {
        redis = LocalRedis.findOrStart();
        ns = new RedisNamespace(redis.uri(), "sink");
    }

    @AfterAll
    static void cleanUp() {
        ns.close();
        redis.close();
    }

    /** Keeps the metrics the writer registers so the test can read them. */
    private static final class Metrics extends UnregisteredMetricsGroup {
        final List<Counter> counters = new ArrayList<>();
        Histogram lag;

        @Override
        public Counter counter(String name) {
            Counter c = super.counter(name);
            if (name.equals("streamrank_redis_commands")) {
                counters.add(c);
            }
            return c;
        }

        @Override
        public <H extends Histogram> H histogram(String name, H histogram) {
            lag = histogram;
            return histogram;
        }
    }

    @Test
    void writesAbsoluteValuesWithTtlsCoalescedPerKeyAndReplayingThemChangesNothing() throws Exception {
        String p = ns.prefix();
        long now = System.currentTimeMillis();
        RedisWrite[] writes = {
            RedisWrite.set(p + "u:1", "old", 60_000L),
            RedisWrite.set(p + "u:1", "v1", 60_000L).at(now - 5),
            RedisWrite.zadd(p + "pop:all", "10", 3d, 60_000L),
            RedisWrite.zadd(p + "pop:all", "11", 1d, 60_000L),
            RedisWrite.zadd(p + "pop:all", "12", 1d, 60_000L),
            RedisWrite.zrem(p + "pop:all", "11"),
            RedisWrite.zadd(p + "pop:all", "10", 4d, 60_000L).at(now - 10),
        };
        Metrics metrics = new Metrics();
        try (RedisFeatureWriter writer = new RedisFeatureWriter(RedisFeatureSink.Settings.standalone(redis.uri()),
                metrics, null)) {
            for (int replay = 0; replay < 2; replay++) {
                for (RedisWrite w : writes) {
                    writer.write(w, null);
                }
                writer.flush(false);
            }
        }
        var r = ns.commands();
        assertThat(r.get(p + "u:1")).isEqualTo("v1");
        assertThat(r.pttl(p + "u:1")).isBetween(1L, 60_000L);
        assertThat(r.zrangeWithScores(p + "pop:all", 0, -1)).extracting(s -> s.getValue() + "=" + s.getScore())
                .containsExactly("12=1.0", "10=4.0");
        assertThat(r.pttl(p + "pop:all")).isBetween(1L, 60_000L);
        // Per batch: one SET, then one ZADD, one ZREM and one PEXPIRE for the sorted set (7 writes, 4 commands).
        assertThat(metrics.counters.get(0).getCount()).isEqualTo(8L);
        assertThat(metrics.lag.getCount()).isEqualTo(4L);
        assertThat(metrics.lag.getStatistics().getMin()).isGreaterThanOrEqualTo(5L);
    }

    @Test
    void aReplacementSwapsTheWholeSortedSetAndAnEmptyOneDeletesIt() throws Exception {
        String key = ns.prefix() + "cv:1";
        try (RedisFeatureWriter writer = new RedisFeatureWriter(RedisFeatureSink.Settings.standalone(redis.uri()),
                new Metrics(), null)) {
            writer.write(RedisWrite.zreplace(key, new String[] {"2", "3"}, new double[] {5d, 1d}, 60_000L), null);
            writer.flush(false);
            assertThat(ns.commands().zrangeWithScores(key, 0, -1)).extracting(s -> s.getValue() + "=" + s.getScore())
                    .containsExactly("3=1.0", "2=5.0");
            writer.write(RedisWrite.zreplace(key, new String[] {"4"}, new double[] {2d}, 60_000L), null);
            writer.flush(false);
            assertThat(ns.commands().zrange(key, 0, -1)).containsExactly("4");
            assertThat(ns.commands().pttl(key)).isBetween(1L, 60_000L);
            writer.write(RedisWrite.zreplace(key, new String[0], new double[0], 60_000L), null);
            writer.flush(false);
            assertThat(ns.commands().exists(key)).isZero();
        }
    }

    @Test
    void fullBatchesGoOutWithoutWaitingForACheckpoint() throws Exception {
        String p = ns.prefix();
        try (RedisFeatureWriter writer = new RedisFeatureWriter(
                RedisFeatureSink.Settings.standalone(redis.uri()).withBatchSize(10), new Metrics(), null)) {
            for (int i = 0; i < 1_000; i++) {
                writer.write(RedisWrite.set(p + "k:" + i, "v" + i, 60_000L), null);
            }
            // Everything but the last partial batch has been sent; at most 4 batches may still be unacknowledged.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (ns.commands().exists(p + "k:959") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(ns.commands().get(p + "k:959")).isEqualTo("v959");
            writer.flush(false);
            assertThat(ns.commands().get(p + "k:999")).isEqualTo("v999");
        }
    }

    private static final long HOUR = 3_600_000L;

    /** The members of sorted set {@code key} as {@code member=score}, lowest score first. */
    private static List<String> scored(String key) {
        return ns.commands().zrangeWithScores(key, 0, -1).stream().map(x -> x.getValue() + "=" + x.getScore())
                .toList();
    }

    @Test
    void aSetWithoutOwnerIsAdoptedAsItIsAndExpiresWithItsOwnerKey() throws Exception {
        String p = ns.prefix() + "adopt:";               // apart from the other tests' pop:all
        String all = p + "pop:all";
        String allOwner = p + "run:{" + all + "}";
        var r = ns.commands();
        try (RedisFeatureWriter writer = new RedisFeatureWriter(RedisFeatureSink.Settings.standalone(redis.uri()),
                new Metrics(), null)) {
            // Written before sets had owners: adopted as they are (a restored job's state may still hold them).
            writer.write(RedisWrite.zadd(all, "1", 5d, 60_000L), null);
            writer.flush(false);
            writer.write(RedisWrite.zadd(all, "2", 3d, 60_000L).ownedBy(allOwner, 7L, HOUR), null);
            writer.flush(false);
            assertThat(r.zrange(all, 0, -1)).containsExactly("2", "1");
            assertThat(r.get(allOwner)).isEqualTo("7");
            assertThat(r.exists(SortedSetChanges.seenKey(allOwner))).isZero();
            long ownerTtl = r.pttl(allOwner);
            assertThat(ownerTtl).isBetween(1L, 60_000L);
            assertThat(r.pttl(all)).as("the same expiry, read later").isBetween(ownerTtl - 1_000, ownerTtl);

            // Its own writes from then on change members only; replaying them changes nothing.
            for (int replay = 0; replay < 2; replay++) {
                writer.write(RedisWrite.zadd(all, "4", 2d, 60_000L).ownedBy(allOwner, 7L, HOUR), null);
                writer.write(RedisWrite.zrem(all, "2").ownedBy(allOwner, 7L, HOUR), null);
                writer.flush(false);
            }
            assertThat(scored(all)).containsExactly("4=2.0", "1=5.0");
            assertThat(r.get(allOwner)).isEqualTo("7");
        }
    }

    @Test
    void aSetSettledAsTheRunsIsWrittenWithPlainCommandsAndKeepsItsOwnerKeyAlive() throws Exception {
        String p = ns.prefix() + "settled:";
        String all = p + "pop:all";
        String allOwner = p + "run:{" + all + "}";
        var r = ns.commands();
        try (RedisFeatureWriter writer = new RedisFeatureWriter(RedisFeatureSink.Settings.standalone(redis.uri()),
                new Metrics(), null)) {
            writer.write(RedisWrite.zadd(all, "1", 5d, 60_000L).ownedBy(allOwner, 7L, HOUR), null);
            writer.flush(false);
            // The script's answer is read on Lettuce's thread, possibly just after the flush returned.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!writer.settled(all, 7L) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(writer.settled(all, 7L)).isTrue();
            r.pexpire(allOwner, 30_000L);   // so the next write shows whether the owner key is renewed
            long scriptsBefore = evalshaCalls(r);

            // The script said the set is this run's: its changes now cost Redis what an unowned set's do.
            writer.write(RedisWrite.zadd(all, "2", 3d, 60_000L).ownedBy(allOwner, 7L, HOUR), null);
            writer.write(RedisWrite.zrem(all, "1").ownedBy(allOwner, 7L, HOUR), null);
            writer.flush(false);

            assertThat(evalshaCalls(r)).isEqualTo(scriptsBefore);
            assertThat(scored(all)).containsExactly("2=3.0");
            assertThat(r.get(allOwner)).isEqualTo("7");
            long ownerTtl = r.pttl(allOwner);
            assertThat(ownerTtl).as("renewed with the set").isBetween(30_001L, 60_000L);
            assertThat(r.pttl(all)).isBetween(ownerTtl - 1_000, ownerTtl);

            // An owner key gone (expired with its set) sends the set's next batch through the script again, which
            // writes the key.
            r.del(allOwner);
            writer.write(RedisWrite.zadd(all, "3", 1d, 60_000L).ownedBy(allOwner, 7L, HOUR), null);
            writer.flush(false);
            long until = System.nanoTime() + 5_000_000_000L;
            while (writer.settled(all, 7L) && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(writer.settled(all, 7L)).isFalse();
            writer.write(RedisWrite.zadd(all, "3", 2d, 60_000L).ownedBy(allOwner, 7L, HOUR), null);
            writer.flush(false);
            assertThat(evalshaCalls(r)).isEqualTo(scriptsBefore + 1);
            assertThat(r.get(allOwner)).isEqualTo("7");
            assertThat(scored(all)).containsExactly("3=2.0", "2=3.0");
        }
    }

    private static long evalshaCalls(io.lettuce.core.api.sync.RedisCommands<String, String> r) {
        String info = r.info("commandstats");
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_evalsha:")) {
                return Long.parseLong(line.replaceAll("^cmdstat_evalsha:calls=(\\d+),.*", "$1"));
            }
        }
        return 0;
    }

    @Test
    void aNewRunTakesAnotherRunsSetOverGraduallyKeepingItsMembersUntilTheDeadline() throws Exception {
        String p = ns.prefix() + "takeover:";
        String all = p + "pop:all";
        String cat = p + "pop:c:5";
        String allOwner = p + "run:{" + all + "}";
        String catOwner = p + "run:{" + cat + "}";
        String allSeen = SortedSetChanges.seenKey(allOwner);
        String catSeen = SortedSetChanges.seenKey(catOwner);
        var r = ns.commands();
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        long span = 60_000L;
        try (RedisFeatureWriter writer = new RedisFeatureWriter(RedisFeatureSink.Settings.standalone(redis.uri()),
                new Metrics(), null, clock::get)) {
            writer.write(RedisWrite.zadd(all, "1", 5d, HOUR).ownedBy(allOwner, 7L, span), null);
            writer.write(RedisWrite.zadd(all, "2", 3d, HOUR).ownedBy(allOwner, 7L, span), null);
            writer.write(RedisWrite.zadd(cat, "2", 3d, HOUR).ownedBy(catOwner, 7L, span), null);
            writer.flush(false);

            // A job started again without its state (run 9) claims the sets: run 7's members stay, with their
            // scores, next to run 9's; a removal alone claims a set too.
            long claim = clock.get();
            writer.write(RedisWrite.zadd(all, "3", 1d, HOUR).ownedBy(allOwner, 9L, span), null);
            writer.write(RedisWrite.zadd(all, "4", 2d, HOUR).ownedBy(allOwner, 9L, span), null);
            writer.write(RedisWrite.zrem(cat, "9").ownedBy(catOwner, 9L, span), null);
            writer.flush(false);
            assertThat(scored(all)).containsExactly("3=1.0", "4=2.0", "2=3.0", "1=5.0");
            assertThat(r.get(allOwner)).isEqualTo("9:" + (claim + span));
            assertThat(r.zrange(allSeen, 0, -1)).containsExactlyInAnyOrder("3", "4");
            assertThat(scored(cat)).containsExactly("2=3.0");
            assertThat(r.get(catOwner)).isEqualTo("9:" + (claim + span));
            assertThat(r.pttl(catOwner)).as("the claim keeps the owner key's expiry").isBetween(1L, HOUR);
            long ownerTtl = r.pttl(allOwner);
            assertThat(ownerTtl).isBetween(1L, HOUR);
            assertThat(r.pttl(all)).as("the same expiry, read later").isBetween(ownerTtl - 1_000, ownerTtl);
            assertThat(r.pttl(allSeen)).isBetween(ownerTtl - 1_000, ownerTtl);

            // Before the deadline: run 9 rewrites a member, removes one of its own and adds to the category set;
            // the deadline stays that of the claim, and replaying the same batch changes nothing.
            clock.addAndGet(span / 2);
            for (int replay = 0; replay < 2; replay++) {
                writer.write(RedisWrite.zadd(all, "3", 1.5d, HOUR).ownedBy(allOwner, 9L, span), null);
                writer.write(RedisWrite.zrem(all, "4").ownedBy(allOwner, 9L, span), null);
                writer.write(RedisWrite.zadd(cat, "7", 4d, HOUR).ownedBy(catOwner, 9L, span), null);
                writer.flush(false);
                assertThat(scored(all)).containsExactly("3=1.5", "2=3.0", "1=5.0");
                assertThat(r.get(allOwner)).isEqualTo("9:" + (claim + span));
                assertThat(r.zrange(allSeen, 0, -1)).containsExactly("3");
                assertThat(scored(cat)).containsExactly("2=3.0", "7=4.0");
                assertThat(r.zrange(catSeen, 0, -1)).containsExactly("7");
            }

            // At the deadline the first write of each set keeps only what run 9 wrote since its claim (with the
            // set's scores) and settles the owner key; a removal alone does too, keeping the set's expiry.
            clock.set(claim + span);
            writer.write(RedisWrite.zadd(all, "5", 6d, HOUR).ownedBy(allOwner, 9L, span), null);
            writer.write(RedisWrite.zrem(cat, "8").ownedBy(catOwner, 9L, span), null);
            writer.flush(false);
            assertThat(scored(all)).containsExactly("3=1.5", "5=6.0");
            assertThat(r.get(allOwner)).isEqualTo("9");
            assertThat(r.exists(allSeen)).isZero();
            assertThat(r.pttl(all)).isBetween(HOUR - 60_000L, HOUR);
            assertThat(scored(cat)).containsExactly("7=4.0");
            assertThat(r.get(catOwner)).isEqualTo("9");
            assertThat(r.exists(catSeen)).isZero();
            assertThat(r.pttl(cat)).isBetween(HOUR - 60_000L, HOUR);

            // Settled, replaying the same writes changes nothing.
            writer.write(RedisWrite.zadd(all, "5", 6d, HOUR).ownedBy(allOwner, 9L, span), null);
            writer.write(RedisWrite.zrem(cat, "8").ownedBy(catOwner, 9L, span), null);
            writer.flush(false);
            assertThat(scored(all)).containsExactly("3=1.5", "5=6.0");
            assertThat(scored(cat)).containsExactly("7=4.0");
            assertThat(r.get(allOwner)).isEqualTo("9");
        }
    }

    @Test
    void aTakeoverOfMoreMembersThanOneScriptCallTakesIsRight() throws Exception {
        String p = ns.prefix() + "chunks:";
        String all = p + "pop:all";
        String allOwner = p + "run:{" + all + "}";
        var r = ns.commands();
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        long span = 1_000L;
        try (RedisFeatureWriter writer = new RedisFeatureWriter(RedisFeatureSink.Settings.standalone(redis.uri()),
                new Metrics(), null, clock::get)) {
            writer.write(RedisWrite.zadd(all, "old", 1d, HOUR).ownedBy(allOwner, 9L, span), null);
            writer.flush(false);
            // Every chunk applies; the first claims the set, the later ones find it theirs (taking it over).
            int members = 2 * SortedSetChanges.OWNED_CHUNK + 10;
            for (int i = 0; i < members; i++) {
                writer.write(RedisWrite.zadd(all, "m" + i, i, HOUR).ownedBy(allOwner, 11L, span), null);
            }
            writer.write(RedisWrite.zrem(all, "m0").ownedBy(allOwner, 11L, span), null);
            writer.flush(false);
            assertThat(r.zcard(all)).isEqualTo(members - 1 + 1L);
            assertThat(r.zscore(all, "old")).isEqualTo(1d);
            assertThat(r.zcard(SortedSetChanges.seenKey(allOwner))).isEqualTo(members - 1L);
            assertThat(r.get(allOwner)).isEqualTo("11:" + (clock.get() + span));

            clock.addAndGet(span);
            writer.write(RedisWrite.zadd(all, "m1", 1d, HOUR).ownedBy(allOwner, 11L, span), null);
            writer.flush(false);
            assertThat(r.zcard(all)).isEqualTo(members - 1L);
            assertThat(r.zscore(all, "old")).isNull();
            assertThat(r.zscore(all, "m0")).isNull();
            assertThat(r.zscore(all, "m7")).isEqualTo(7d);
            assertThat(r.get(allOwner)).isEqualTo("11");
        }
    }

    @Test
    void aTakeoverSpanOfZeroReplacesTheOtherRunsMembersAtOnce() throws Exception {
        String p = ns.prefix() + "atonce:";
        String all = p + "pop:all";
        String allOwner = p + "run:{" + all + "}";
        try (RedisFeatureWriter writer = new RedisFeatureWriter(RedisFeatureSink.Settings.standalone(redis.uri()),
                new Metrics(), null)) {
            writer.write(RedisWrite.zadd(all, "1", 5d, HOUR).ownedBy(allOwner, 7L, 0L), null);
            writer.flush(false);
            writer.write(RedisWrite.zadd(all, "2", 3d, HOUR).ownedBy(allOwner, 9L, 0L), null);
            writer.flush(false);
            assertThat(scored(all)).containsExactly("2=3.0");
            assertThat(ns.commands().get(allOwner)).isEqualTo("9");
        }
    }
}
