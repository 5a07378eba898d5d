package io.streamrank.pipeline;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the feature job, from {@code --name value} arguments. Every setting has a default that works with the
 * local stack; {@link #usage()} documents them (README.md has the same table).
 */
public record PipelineSettings(String kafkaBootstrap, String topic, String deadLetterTopic, String groupId,
                               String redisUri, boolean redisCluster, String keyPrefix, int redisBatch,
                               int parallelism, Duration checkpointInterval, String checkpointDir,
                               String stateBackend, boolean incrementalCheckpoints, String restartStrategy,
                               int restartAttempts,
                               Duration restartDelay, Duration outOfOrderness, Duration idleness,
                               Duration allowedLateness, Duration maxFutureSkew, Duration dedupRetention,
                               Duration flushInterval, Duration coVisitFlushInterval, boolean slideWrites,
                               Duration popularityTakeover, Duration bufferTimeout, int metricsPort) {

    private static final Map<String, String[]> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("kafka.bootstrap", new String[] {"localhost:9092", "Kafka bootstrap servers"});
        OPTIONS.put("topic", new String[] {"clickstream", "clickstream topic (JSON events keyed by user)"});
        OPTIONS.put("dlq.topic", new String[] {"clickstream-dlq", "dead-letter topic for rejected and too-late records"});
        OPTIONS.put("group.id", new String[] {"streamrank-features", "Kafka consumer group (offsets committed on checkpoints)"});
        OPTIONS.put("redis.uri", new String[] {"redis://127.0.0.1:6379", "Redis URI (a seed node with --redis.cluster true)"});
        OPTIONS.put("redis.cluster", new String[] {"false", "true to write to a Redis Cluster"});
        OPTIONS.put("redis.prefix", new String[] {"sr:", "prefix of every Redis key the job writes"});
        OPTIONS.put("redis.batch", new String[] {"1000", "writes per pipelined Redis round trip"});
        OPTIONS.put("parallelism", new String[] {"0", "job parallelism; 0 keeps the environment's default"});
        OPTIONS.put("checkpoint.interval", new String[] {"10s", "checkpoint interval (e.g. 10s, 1m); 0 disables"});
        OPTIONS.put("checkpoint.dir", new String[] {"", "checkpoint URI (file:///..., s3://..., oss://...); empty keeps Flink's configured storage"});
        OPTIONS.put("state.backend", new String[] {"", "hashmap (heap) or rocksdb; empty keeps the cluster's configuration (hashmap when embedded)"});
        OPTIONS.put("checkpoint.incremental", new String[] {"false", "true: incremental checkpoints (rocksdb); false keeps the cluster's configuration"});
        OPTIONS.put("restart.strategy", new String[] {"fixed-delay", "fixed-delay (--restart.attempts, --restart.delay) or "
            + "cluster: keep the restart strategy of the cluster's Flink configuration (a job setting would override it)"});
        OPTIONS.put("restart.attempts", new String[] {"2147483647", "fixed-delay restart attempts after a failure"});
        OPTIONS.put("restart.delay", new String[] {"5s", "delay between restart attempts"});
        OPTIONS.put("out.of.orderness", new String[] {"2s", "how far behind the newest event an event may arrive and still be on time"});
        OPTIONS.put("idleness", new String[] {"10s", "a source partition silent this long stops holding back the watermark; 0 never"});
        OPTIONS.put("allowed.lateness", new String[] {"1m", "events up to this far behind the watermark still count; older ones go to the dead-letter topic"});
        OPTIONS.put("max.future.skew", new String[] {"2m", "events stamped further ahead of the wall clock are rejected "
            + "(dead-lettered): a key's windows slide with its newest event, so a far-future one would empty them"});
        OPTIONS.put("dedup.retention", new String[] {"1h", "event ids are remembered this long (event time) to drop duplicates"});
        OPTIONS.put("flush.interval", new String[] {"100ms", "changed keys write their values to Redis on this tick"});
        OPTIONS.put("covisit.flush.interval", new String[] {"1s", "changed co-visitation lists write on this tick (each write replaces a whole top-50 list)"});
        OPTIONS.put("slide.writes", new String[] {"true", "rewrite values when their windows slide (exact sliding windows in Redis); false: only on events, much cheaper, windowed counts of idle keys go stale"});
        OPTIONS.put("popularity.takeover", new String[] {"1h", "a job started without its state keeps the earlier "
            + "run's members in the popularity sets this long (wall clock) after its first write to each, then only its own"});
        OPTIONS.put("buffer.timeout", new String[] {"50ms", "Flink network buffer timeout (latency vs throughput)"});
        OPTIONS.put("metrics.port", new String[] {"0", "embedded runs only: serve Prometheus metrics on this port (0 off); on a cluster configure the reporter in Flink's config"});
    }

    /** @throws IllegalArgumentException naming the option at fault, followed by the {@link #usage()} */
    public static PipelineSettings fromArgs(String[] args) {
        try {
            return parse(args);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n" + usage(), e);
        }
    }

    private static PipelineSettings parse(String[] args) {
        Map<String, String> v = new LinkedHashMap<>();
        OPTIONS.forEach((k, d) -> v.put(k, d[0]));
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + a + "'");
            }
            String name = a.substring(2);
            if (!OPTIONS.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            v.put(name, args[++i]);
        }
        String backend = v.get("state.backend").toLowerCase();
        if (!backend.isEmpty() && !backend.equals("hashmap") && !backend.equals("rocksdb")) {
            throw new IllegalArgumentException("--state.backend must be hashmap or rocksdb");
        }
        String restart = v.get("restart.strategy").toLowerCase();
        if (!restart.equals("fixed-delay") && !restart.equals("cluster")) {
            throw new IllegalArgumentException("--restart.strategy must be fixed-delay or cluster");
        }
        if (duration(v, "popularity.takeover").isNegative()) {
            throw new IllegalArgumentException("--popularity.takeover cannot be negative");
        }
        return new PipelineSettings(v.get("kafka.bootstrap"), v.get("topic"), v.get("dlq.topic"), v.get("group.id"),
                v.get("redis.uri"), bool(v, "redis.cluster"), v.get("redis.prefix"),
                integer(v, "redis.batch"), integer(v, "parallelism"),
                duration(v, "checkpoint.interval"), v.get("checkpoint.dir"), backend,
                bool(v, "checkpoint.incremental"), restart, integer(v, "restart.attempts"),
                duration(v, "restart.delay"), duration(v, "out.of.orderness"),
                duration(v, "idleness"), duration(v, "allowed.lateness"),
                duration(v, "max.future.skew"), duration(v, "dedup.retention"),
                duration(v, "flush.interval"), duration(v, "covisit.flush.interval"),
                bool(v, "slide.writes"), duration(v, "popularity.takeover"),
                duration(v, "buffer.timeout"),
                integer(v, "metrics.port"));
    }

    /** Only true or false (any case): a misspelt {@code --slide.writes ture} must not quietly mean false. */
    private static boolean bool(Map<String, String> v, String name) {
        String s = v.get(name).trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException("--" + name + " wants true or false, got '" + v.get(name) + "'");
    }

    private static int integer(Map<String, String> v, String name) {
        try {
            return Integer.parseInt(v.get(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " wants an integer, got '" + v.get(name) + "'");
        }
    }

    private static Duration duration(Map<String, String> v, String name) {
        return parseDuration("--" + name, v.get(name));
    }

    /** The graph options these settings imply. */
    public FeatureWorkflow.Options workflowOptions() {
        return new FeatureWorkflow.Options(keyPrefix, outOfOrderness, idleness, allowedLateness, maxFutureSkew,
                dedupRetention, flushInterval, coVisitFlushInterval, slideWrites, popularityTakeover, s -> s);
    }

    public static String usage() {
        StringBuilder sb = new StringBuilder("Streamrank feature job\n\nOptions (--name value):\n");
        OPTIONS.forEach((k, v) -> sb.append(String.format("  --%-24s %s (default: %s)%n", k, v[1],
                v[0].isEmpty() ? "none" : v[0])));
        return sb.toString();
    }

    /** {@code 500ms}, {@code 10s}, {@code 1m}, {@code 1h}, {@code 1d} or {@code 0}. */
    public static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("bad duration '" + s + "' (use e.g. 500ms, 10s, 1m)");
        };
    }

    /** As {@link #parseDuration(String)}, failing with a message that names {@code option}. */
    public static Duration parseDuration(String option, String s) {
        try {
            return parseDuration(s);
        } catch (RuntimeException e) {
            // "For input string: 1x" said neither which option nor what would do.
            throw new IllegalArgumentException(option + " wants a duration such as 500ms, 10s, 1m, 1h, 1d or 0, "
                    + "got '" + s + "'");
        }
    }
}
