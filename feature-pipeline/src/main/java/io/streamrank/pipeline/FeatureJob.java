package io.streamrank.pipeline;

import io.streamrank.pipeline.ingest.DeadLetter;
import io.streamrank.pipeline.ingest.DeadLetterSerializer;
import io.streamrank.pipeline.ingest.KafkaRecord;
import io.streamrank.pipeline.ingest.KafkaRecords;
import io.streamrank.pipeline.redis.RedisFeatureSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Entry point on a Flink cluster: wires Kafka and Redis around {@link FeatureWorkflow}. */
public final class FeatureJob {

    public static final String JOB_NAME = "streamrank-features";
    /** How long {@link #stop} waits for a cancelled job to stop. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private FeatureJob() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(PipelineSettings.usage());
            return;
        }
        PipelineSettings settings;
        try {
            settings = PipelineSettings.fromArgs(args);
        } catch (IllegalArgumentException e) {
            // A bad command line is the caller's to fix: the reason and the usage (in the message), not a trace.
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env = environment(settings);
        wire(env, settings, settings.workflowOptions());
        env.execute(JOB_NAME);
    }

    /** Starts the job without blocking (used by the embedded local stack and the tests). */
    public static JobClient start(PipelineSettings settings) throws Exception {
        return start(settings, o -> o);
    }

    /**
     * Cancels a job {@link #start started} here and waits until it has stopped. {@link JobClient#cancel()} completes
     * once the request is acknowledged, while the Redis sink may still flush a last batch: a caller that deletes its
     * keys right after would find some written again (tests and the local stack clean their prefix that way).
     */
    public static void stop(JobClient job) throws Exception {
        job.cancel().get();
        try {
            job.getJobExecutionResult().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException cancelled) {
            // A cancelled job's result is a failure; all that matters here is that it has stopped.
        }
    }

    /** As {@link #start(PipelineSettings)}, with the graph options adjusted (tests inject failures this way). */
    static JobClient start(PipelineSettings settings, UnaryOperator<FeatureWorkflow.Options> adjust)
            throws Exception {
        StreamExecutionEnvironment env = environment(settings);
        wire(env, settings, adjust.apply(settings.workflowOptions()));
        return env.executeAsync(JOB_NAME);
    }

    static StreamExecutionEnvironment environment(PipelineSettings settings) {
        Configuration conf = new Configuration();
        if (!settings.checkpointDir().isEmpty()) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, settings.checkpointDir());
        }
        if (!settings.stateBackend().isEmpty()) {
            conf.set(StateBackendOptions.STATE_BACKEND, settings.stateBackend());
        }
        if (settings.incrementalCheckpoints()) {
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        }
        if (settings.restartStrategy().equals("fixed-delay")) {
            // Set here, it overrides the cluster's restart-strategy: deployments that configure theirs pass "cluster".
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, settings.restartAttempts());
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, settings.restartDelay());
        }
        if (settings.metricsPort() > 0) {
            // Only takes effect where this configuration starts the cluster (MiniCluster: tests, local stack, bench);
            // a real cluster gets its reporter from its own Flink configuration (see README).
            conf.setString("metrics.reporter.prom.factory.class",
                    "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            conf.setString("metrics.reporter.prom.port", Integer.toString(settings.metricsPort()));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (settings.parallelism() > 0) {
            env.setParallelism(settings.parallelism());
        }
        if (!settings.checkpointInterval().isZero()) {
            env.enableCheckpointing(settings.checkpointInterval().toMillis());
        }
        env.setBufferTimeout(settings.bufferTimeout().toMillis());
        // Operators never keep or mutate their input records, so chained operators may share them without copies.
        env.getConfig().enableObjectReuse();
        return env;
    }

    static void wire(StreamExecutionEnvironment env, PipelineSettings settings, FeatureWorkflow.Options options) {
        KafkaSource<KafkaRecord> source = KafkaSource.<KafkaRecord>builder()
                .setBootstrapServers(settings.kafkaBootstrap())
                .setTopics(settings.topic())
                .setGroupId(settings.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new KafkaRecords())
                .build();
        KafkaSink<DeadLetter> deadLetters = KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(settings.kafkaBootstrap())
                .setRecordSerializer(new DeadLetterSerializer(settings.deadLetterTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
        RedisFeatureSink features = new RedisFeatureSink(
                RedisFeatureSink.Settings.defaults(settings.redisUri(), settings.redisCluster())
                        .withBatchSize(settings.redisBatch()));
        FeatureWorkflow.build(env, source, features, deadLetters, options);
    }
}
