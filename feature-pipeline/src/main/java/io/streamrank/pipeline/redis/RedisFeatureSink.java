package io.streamrank.pipeline.redis;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes {@link RedisWrite}s through Lettuce's async API. Writes are pipelined on one connection per subtask and
 * awaited on every checkpoint ({@code flush}), so a completed checkpoint means Redis holds everything before it;
 * together with absolute (idempotent) values this gives an exactly-once effect after a restore.
 */
public final class RedisFeatureSink implements Sink<RedisWrite> {

    private static final long serialVersionUID = 1L;

    private final Settings settings;

    public RedisFeatureSink(Settings settings) {
        this.settings = settings;
    }

    @Override
    public SinkWriter<RedisWrite> createWriter(WriterInitContext context) {
        return new RedisFeatureWriter(settings, context.metricGroup());
    }

    /**
     * @param uri          Redis URI, e.g. {@code redis://127.0.0.1:6379/0}
     * @param cluster      true to connect with the Redis Cluster client (the URI names any seed node)
     * @param maxInFlight  writes sent but not yet acknowledged before the writer waits (back-pressure)
     * @param writeTimeout how long to wait for acknowledgements before failing the task (and restoring)
     */
    public record Settings(String uri, boolean cluster, int maxInFlight, Duration writeTimeout)
            implements Serializable {

        public Settings {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be >= 1");
            }
        }

        public static Settings standalone(String uri) {
            return new Settings(uri, false, 2_000, Duration.ofSeconds(10));
        }
    }
}
