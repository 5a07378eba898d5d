package io.streamrank.ranking.features;

import io.streamrank.ranking.BenchArgs;
import io.streamrank.ranking.TestProperties;
import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.LocalRedisCluster;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A benchmark, not a test ({@code bin/bench-redis-rounds}): the service's CPU and wall time per {@link RedisRound} (one
 * {@code MGET} of n item values and one {@code GET}, as a request's feature round) against one Redis server and
 * against a three-master Redis Cluster started for the run, in alternating blocks of the same run, so that the
 * cluster's cost is read against a baseline measured beside it (ADR 52). Rounds run one at a time; CPU is the whole
 * JVM's (request thread and Lettuce's event loops), which is what the service pays.
 */
public final class RedisRoundBench {

    private static final int ITEMS = 20_000;

    private RedisRoundBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        if (o == null) {
            return;
        }
        List<Integer> sizes = Arrays.stream(o.get("keys").split(",")).map(String::trim).map(Integer::valueOf).toList();
        int rounds = Integer.parseInt(o.get("rounds"));
        int blocks = Integer.parseInt(o.get("blocks"));
        String prefix = "sr:bench-rounds:" + UUID.randomUUID() + ":";
        System.out.println("starting a three-master Redis Cluster (redis-server from PATH) ...");
        try (LocalRedis redis = LocalRedis.findOrStart(); LocalRedisCluster cluster = LocalRedisCluster.start()) {
            RedisConnection one = connect(redis.uri(), false, prefix);
            RedisConnection many = connect(cluster.seedUri(), true, prefix);
            try {
                System.out.printf("writing %,d item values to each ...%n", ITEMS);
                fill(one, prefix, "SET");
                fill(many, prefix, "SET");
                System.out.printf("%d blocks of %,d rounds per size and store, alternating (the first block of each is"
                        + " warm-up, not counted)%n", blocks + 1, rounds);
                Map<String, double[][]> results = new LinkedHashMap<>();
                Random random = new Random(17);
                for (int b = 0; b <= blocks; b++) {
                    for (int n : sizes) {
                        double[] a = block(one, prefix, n, rounds, random);
                        double[] c = block(many, prefix, n, rounds, random);
                        if (b > 0) {
                            results.computeIfAbsent("standalone/" + n, k -> new double[2][blocks])[0][b - 1] = a[0];
                            results.get("standalone/" + n)[1][b - 1] = a[1];
                            results.computeIfAbsent("cluster/" + n, k -> new double[2][blocks])[0][b - 1] = c[0];
                            results.get("cluster/" + n)[1][b - 1] = c[1];
                        }
                        System.out.printf("  block %d, %3d keys: standalone cpu %7.1f us wall %7.1f us | cluster cpu"
                                + " %7.1f us wall %7.1f us%s%n", b, n, a[0], a[1], c[0], c[1], b == 0 ? " (warm-up)" : "");
                    }
                }
                System.out.println();
                System.out.println("medians per round (one MGET of n keys + one GET), service CPU and wall time:");
                for (int n : sizes) {
                    double sc = BenchArgs.median(results.get("standalone/" + n)[0]);
                    double sw = BenchArgs.median(results.get("standalone/" + n)[1]);
                    double cc = BenchArgs.median(results.get("cluster/" + n)[0]);
                    double cw = BenchArgs.median(results.get("cluster/" + n)[1]);
                    System.out.printf("  %3d keys: standalone cpu %.1f us wall %.1f us; cluster cpu %.1f us wall %.1f us;"
                            + " cluster/standalone cpu %.2f wall %.2f%n", n, sc, sw, cc, cw, cc / sc, cw / sw);
                }
            } finally {
                fill(one, prefix, "DEL");
                one.close();
                many.close();
            }
        }
    }

    private static RedisConnection connect(String uri, boolean cluster, String prefix) {
        return new RedisConnection(TestProperties.load(Map.of("streamrank.redis.uri", uri,
                "streamrank.redis.cluster", Boolean.toString(cluster), "streamrank.redis.key-prefix", prefix,
                "streamrank.redis.timeout", "5s")));
    }

    /** Writes (or deletes) the item values, 100 per round. */
    private static void fill(RedisConnection redis, String prefix, String op) {
        for (int b = 0; b < ITEMS / 100; b++) {
            RedisRound r = redis.round();
            for (int i = 0; i < 100; i++) {
                String key = prefix + "i:" + (b * 100 + i);
                if (op.equals("SET")) {
                    // About the size of a real item value (FeatureCodec).
                    r.add(x -> x.set(key, "1|12|5|1764700000000|1764700000000|42|7|0.0310|0.0040|3.5"));
                } else {
                    r.add(x -> x.del(key));
                }
            }
            r.await();
        }
    }

    /** {@code rounds} rounds one after another; CPU and wall microseconds per round. */
    private static double[] block(RedisConnection redis, String prefix, int n, int rounds, Random random) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            String[] keys = new String[n];
            for (int j = 0; j < n; j++) {
                keys[j] = prefix + "i:" + random.nextInt(ITEMS);
            }
            RedisRound round = redis.round();
            RedisRound.Reply<?> values = round.add(x -> x.mget(keys));
            round.add(x -> x.get(prefix + "u:1"));
            round.await();
            if (((List<?>) values.get()).size() != n) {
                throw new IllegalStateException("MGET answered " + values.get());
            }
        }
        return new double[] {(os.getProcessCpuTime() - cpu) / 1e3 / rounds, (System.nanoTime() - wall) / 1e3 / rounds};
    }

    /** The options with their defaults, or {@code null} after printing the help. */
    private static Map<String, String> options(String[] args) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("keys", "10,50,200");
        defaults.put("rounds", "2000");
        defaults.put("blocks", "5");
        return BenchArgs.parse(args, defaults, """
                        Usage: bin/bench-redis-rounds [--keys 10,50,200] [--rounds 2000] [--blocks 5]

                        The ranking service's cost per Redis round (one MGET of n item values + one GET, through the
                        service's own RedisConnection and RedisRound), against the local Redis (127.0.0.1:6379 or
                        STREAMRANK_REDIS_URI, own key prefix, removed afterwards) and against a three-master Redis
                        Cluster started from redis-server/redis-cli on PATH, in alternating blocks of the same run.
                        Prints service CPU and wall time per round, per block and as medians, with the ratio.

                          --keys    keys per MGET, comma-separated (default 10,50,200)
                          --rounds  rounds per block (default 2000)
                          --blocks  measured blocks per size and store, after one warm-up block (default 5)""");
    }
}
