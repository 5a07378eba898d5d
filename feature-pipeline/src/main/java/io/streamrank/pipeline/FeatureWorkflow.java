package io.streamrank.pipeline;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.pipeline.features.ItemFeaturesFunction;
import io.streamrank.pipeline.features.UserFeaturesFunction;
import io.streamrank.pipeline.ingest.DeadLetter;
import io.streamrank.pipeline.ingest.DecodeEvents;
import io.streamrank.pipeline.redis.RedisWrite;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Builds the feature job's graph from injected source and sinks, so tests run the same graph on bounded sources and
 * collecting sinks, and {@link FeatureJob} wires Kafka and Redis.
 *
 * <pre>
 * source(bytes) → decode ─┬→ watermarks → keyBy(user) → user features ─┐
 *                         │             └→ keyBy(item) → item features ─┴→ Redis sink
 *                         └→ dead letters → dead-letter sink
 * </pre>
 */
public final class FeatureWorkflow {

    /**
     * @param keyPrefix          Redis key prefix ({@link io.streamrank.contract.features.RedisKeys})
     * @param outOfOrderness     how far behind the newest event an event may arrive and still be on time
     * @param idleness           a source partition silent this long stops holding back the watermark
     * @param maxFutureSkew      events this far ahead of the wall clock are rejected as absurd
     */
    public record Options(String keyPrefix, Duration outOfOrderness, Duration idleness, Duration maxFutureSkew) {

        public static Options defaults(String keyPrefix) {
            return new Options(keyPrefix, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofHours(1));
        }
    }

    private FeatureWorkflow() {
    }

    public static void build(StreamExecutionEnvironment env, Source<byte[], ?, ?> source, Sink<RedisWrite> features,
                             Sink<DeadLetter> deadLetters, Options options) {
        SingleOutputStreamOperator<ClickEvent> events = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "clickstream")
                .uid("clickstream-source")
                .process(new DecodeEvents(options.maxFutureSkew().toMillis()))
                .name("decode-events")
                .uid("decode-events");

        events.getSideOutput(DecodeEvents.DEAD_LETTERS)
                .sinkTo(deadLetters)
                .name("dead-letters")
                .uid("dead-letter-sink");

        DataStream<ClickEvent> timed = events.assignTimestampsAndWatermarks(
                WatermarkStrategy.<ClickEvent>forBoundedOutOfOrderness(options.outOfOrderness())
                        .withTimestampAssigner((e, previous) -> e.timestamp())
                        .withIdleness(options.idleness()))
                .name("event-time")
                .uid("event-time");

        DataStream<RedisWrite> userWrites = timed
                .keyBy(ClickEvent::userId)
                .process(new UserFeaturesFunction(options.keyPrefix()))
                .name("user-features")
                .uid("user-features");

        DataStream<RedisWrite> itemWrites = timed
                .keyBy(ClickEvent::itemId)
                .process(new ItemFeaturesFunction(options.keyPrefix()))
                .name("item-features")
                .uid("item-features");

        userWrites.union(itemWrites)
                .sinkTo(features)
                .name("redis-features")
                .uid("redis-sink");
    }
}
