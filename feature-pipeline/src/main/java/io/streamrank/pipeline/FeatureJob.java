package io.streamrank.pipeline;

import io.streamrank.pipeline.ingest.DeadLetter;
import io.streamrank.pipeline.ingest.DeadLetterSerializer;
import io.streamrank.pipeline.redis.RedisFeatureSink;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Entry point on a Flink cluster: wires Kafka and Redis around {@link FeatureWorkflow}. */
public final class FeatureJob {

    private FeatureJob() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(PipelineSettings.usage());
            return;
        }
        PipelineSettings settings = PipelineSettings.fromArgs(args);
        StreamExecutionEnvironment env = environment(settings);
        wire(env, settings);
        env.execute("streamrank-features");
    }

    /** Starts the job without blocking (used by the embedded local stack). */
    public static JobClient start(PipelineSettings settings) throws Exception {
        StreamExecutionEnvironment env = environment(settings);
        wire(env, settings);
        return env.executeAsync("streamrank-features");
    }

    static StreamExecutionEnvironment environment(PipelineSettings settings) {
        Configuration conf = new Configuration();
        if (!settings.checkpointDir().isEmpty()) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, settings.checkpointDir());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (settings.parallelism() > 0) {
            env.setParallelism(settings.parallelism());
        }
        if (!settings.checkpointInterval().isZero()) {
            env.enableCheckpointing(settings.checkpointInterval().toMillis());
        }
        return env;
    }

    static void wire(StreamExecutionEnvironment env, PipelineSettings settings) {
        KafkaSource<byte[]> source = KafkaSource.<byte[]>builder()
                .setBootstrapServers(settings.kafkaBootstrap())
                .setTopics(settings.topic())
                .setGroupId(settings.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(ByteArrayDeserializer.class))
                .build();
        KafkaSink<DeadLetter> deadLetters = KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(settings.kafkaBootstrap())
                .setRecordSerializer(new DeadLetterSerializer(settings.deadLetterTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
        RedisFeatureSink features = new RedisFeatureSink(new RedisFeatureSink.Settings(settings.redisUri(),
                settings.redisCluster(), 2_000, Duration.ofSeconds(10)));
        FeatureWorkflow.build(env, source, features, deadLetters,
                FeatureWorkflow.Options.defaults(settings.keyPrefix()));
    }
}
