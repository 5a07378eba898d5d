package io.streamrank.pipeline;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the feature job, from {@code --name value} arguments. Every setting has a default that works with the
 * local stack; {@link #usage()} documents them.
 */
public record PipelineSettings(String kafkaBootstrap, String topic, String deadLetterTopic, String groupId,
                               String redisUri, boolean redisCluster, String keyPrefix, int parallelism,
                               Duration checkpointInterval, String checkpointDir) {

    private static final Map<String, String[]> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("kafka.bootstrap", new String[] {"localhost:9092", "Kafka bootstrap servers"});
        OPTIONS.put("topic", new String[] {"clickstream", "clickstream topic (JSON events keyed by user)"});
        OPTIONS.put("dlq.topic", new String[] {"clickstream-dlq", "dead-letter topic for rejected records"});
        OPTIONS.put("group.id", new String[] {"streamrank-features", "Kafka consumer group (offsets committed on checkpoints)"});
        OPTIONS.put("redis.uri", new String[] {"redis://127.0.0.1:6379", "Redis URI (a seed node with --redis.cluster true)"});
        OPTIONS.put("redis.cluster", new String[] {"false", "true to write to a Redis Cluster"});
        OPTIONS.put("redis.prefix", new String[] {"sr:", "prefix of every Redis key the job writes"});
        OPTIONS.put("parallelism", new String[] {"0", "job parallelism; 0 keeps the environment's default"});
        OPTIONS.put("checkpoint.interval", new String[] {"10s", "checkpoint interval (e.g. 10s, 1m); 0 disables"});
        OPTIONS.put("checkpoint.dir", new String[] {"", "checkpoint URI (file:///..., s3://..., oss://...); empty keeps Flink's configured storage"});
    }

    public static PipelineSettings fromArgs(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        OPTIONS.forEach((k, v) -> values.put(k, v[0]));
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + a + "'\n" + usage());
            }
            String name = a.substring(2);
            if (!OPTIONS.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "\n" + usage());
            }
            values.put(name, args[++i]);
        }
        return new PipelineSettings(values.get("kafka.bootstrap"), values.get("topic"), values.get("dlq.topic"),
                values.get("group.id"), values.get("redis.uri"), Boolean.parseBoolean(values.get("redis.cluster")),
                values.get("redis.prefix"), Integer.parseInt(values.get("parallelism")),
                parseDuration(values.get("checkpoint.interval")), values.get("checkpoint.dir"));
    }

    public static String usage() {
        StringBuilder sb = new StringBuilder("Streamrank feature job\n\nOptions (--name value):\n");
        OPTIONS.forEach((k, v) -> sb.append(String.format("  --%-20s %s (default: %s)%n", k, v[1],
                v[0].isEmpty() ? "none" : v[0])));
        return sb.toString();
    }

    static Duration parseDuration(String s) {
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
            default -> throw new IllegalArgumentException("bad duration '" + s + "' (use e.g. 500ms, 10s, 1m)");
        };
    }
}
