package io.streamrank.pipeline.redis;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes {@link RedisWrite}s through Lettuce's async API: one connection per subtask with auto-flush off, writes
 * coalesced into batches ({@link WriteBatch}) that go out as one pipelined round trip each, when a batch is full or
 * {@code maxBatchDelay} after its first write. Everything in flight is awaited on every checkpoint ({@code flush}),
 * so a completed checkpoint means Redis holds every write before it; with absolute (idempotent) values this gives an
 * exactly-once effect after a restore.
 */
public final class RedisFeatureSink implements Sink<RedisWrite> {

    private static final long serialVersionUID = 1L;

    private final Settings settings;

    public RedisFeatureSink(Settings settings) {
        this.settings = settings;
    }

    @Override
    public SinkWriter<RedisWrite> createWriter(WriterInitContext context) {
        return new RedisFeatureWriter(settings, context.metricGroup(), context.getProcessingTimeService());
    }

    /**
     * @param uri               Redis URI, e.g. {@code redis://127.0.0.1:6379/0}
     * @param cluster           true to connect with the Redis Cluster client (the URI names any seed node)
     * @param batchSize         writes per pipelined round trip (before coalescing)
     * @param maxPendingBatches batches sent but not yet acknowledged before the writer waits (back-pressure)
     * @param maxBatchDelay     how long a non-full batch waits for more writes
     * @param writeTimeout      how long to wait for acknowledgements before failing the task (and restoring)
     */
    public record Settings(String uri, boolean cluster, int batchSize, int maxPendingBatches, Duration maxBatchDelay,
                           Duration writeTimeout) implements Serializable {

        public Settings {
            if (batchSize < 1 || maxPendingBatches < 1) {
                throw new IllegalArgumentException("batchSize and maxPendingBatches must be >= 1");
            }
        }

        public static Settings standalone(String uri) {
            return defaults(uri, false);
        }

        public static Settings defaults(String uri, boolean cluster) {
            return new Settings(uri, cluster, 1_000, 4, Duration.ofMillis(10), Duration.ofSeconds(10));
        }

        public Settings withBatchSize(int size) {
            return new Settings(uri, cluster, size, maxPendingBatches, maxBatchDelay, writeTimeout);
        }
    }
}
