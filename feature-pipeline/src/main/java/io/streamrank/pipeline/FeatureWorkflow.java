package io.streamrank.pipeline;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventAdmission;
import io.streamrank.contract.features.FeatureNames;
import io.streamrank.pipeline.features.CoVisitFunction;
import io.streamrank.pipeline.features.CoVisitPairs;
import io.streamrank.pipeline.features.ItemFeaturesFunction;
import io.streamrank.pipeline.features.UserFeaturesFunction;
import io.streamrank.pipeline.ingest.DeadLetter;
import io.streamrank.pipeline.ingest.KafkaRecord;
import io.streamrank.pipeline.ingest.DecodeEvents;
import io.streamrank.pipeline.ingest.DeduplicateEvents;
import io.streamrank.pipeline.ingest.EventTimeWatermarks;
import io.streamrank.pipeline.ingest.LateEvents;
import io.streamrank.pipeline.redis.RedisWrite;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Builds the feature job's graph from injected source and sinks, so tests run the same graph on their own sources and
 * sinks, and {@link FeatureJob} wires Kafka and Redis.
 *
 * <pre>
 * source(bytes) → decode → late filter ─ keyBy(user) → dedup ┬→ user features → Redis
 *   │ watermarks    │            │                          ├→ co-visit pairs ─ keyBy(item) → co-visits → Redis
 *   │ per partition └ bad ───────┴ too late ─→ dead letters └─ keyBy(item) → item features → Redis
 * </pre>
 *
 * Operators between two {@code keyBy}s are chained (dedup, user features, co-visit pairs and their sinks run in one
 * task), so each event crosses the network twice: to its user and to its item.
 */
public final class FeatureWorkflow {

    /**
     * @param keyPrefix       Redis key prefix ({@link io.streamrank.contract.features.RedisKeys})
     * @param outOfOrderness  how far behind the newest event an event may arrive and still be on time
     * @param idleness        a source partition silent this long stops holding back the watermark (zero: never)
     * @param allowedLateness how far behind the watermark an event still counts; older ones are dead letters
     * @param maxFutureSkew   events this far ahead of the wall clock are rejected as absurd
     * @param dedupRetention  how long (event time) event ids are remembered to drop duplicates
     * @param flushInterval   changed keys write their values on this processing-time tick
     * @param coVisitFlush    the same for co-visitation lists (each write replaces a whole top-50 list)
     * @param slideWrites     rewrite values when their windows slide (exact sliding windows in Redis)
     * @param popularityTakeover how long a job run started without state keeps an earlier run's members in the
     *                        popularity sets after its first write to them ({@link ItemFeaturesFunction})
     * @param tap             applied to the on-time event stream before it is keyed (identity in production; tests
     *                        use it to inject a failure into the real job)
     */
    public record Options(String keyPrefix, Duration outOfOrderness, Duration idleness, Duration allowedLateness,
                          Duration maxFutureSkew, Duration dedupRetention, Duration flushInterval,
                          Duration coVisitFlush, boolean slideWrites, Duration popularityTakeover,
                          UnaryOperator<DataStream<ClickEvent>> tap) {

        public static Options defaults(String keyPrefix) {
            // The admission values come from the contract: the trainer's replay drops what the job drops (ADR 81).
            return new Options(keyPrefix, EventAdmission.OUT_OF_ORDERNESS, Duration.ofSeconds(10),
                    EventAdmission.ALLOWED_LATENESS, EventAdmission.MAX_FUTURE_SKEW, EventAdmission.DEDUP_RETENTION,
                    Duration.ofMillis(100), Duration.ofSeconds(1), true,
                    FeatureNames.ITEM_CLICK_WINDOW, s -> s);
        }

        public Options withTap(UnaryOperator<DataStream<ClickEvent>> newTap) {
            return new Options(keyPrefix, outOfOrderness, idleness, allowedLateness, maxFutureSkew, dedupRetention,
                    flushInterval, coVisitFlush, slideWrites, popularityTakeover, newTap);
        }
    }

    private FeatureWorkflow() {
    }

    public static void build(StreamExecutionEnvironment env, Source<KafkaRecord, ?, ?> source, Sink<RedisWrite> features,
                             Sink<DeadLetter> deadLetters, Options options) {
        SingleOutputStreamOperator<ClickEvent> decoded = env
                .fromSource(source, EventTimeWatermarks.strategy(options.outOfOrderness(), options.idleness(),
                        options.maxFutureSkew()),
                        "clickstream")
                .uid("clickstream-source")
                .process(new DecodeEvents(options.maxFutureSkew().toMillis()))
                .name("decode-events")
                .uid("decode-events");

        SingleOutputStreamOperator<ClickEvent> onTime = decoded
                .process(new LateEvents(options.allowedLateness().toMillis()))
                .name("late-events")
                .uid("late-events");

        decoded.getSideOutput(DecodeEvents.DEAD_LETTERS)
                .union(onTime.getSideOutput(DecodeEvents.DEAD_LETTERS))
                .sinkTo(deadLetters)
                .name("dead-letters")
                .uid("dead-letter-sink");

        SingleOutputStreamOperator<ClickEvent> unique = options.tap().apply(onTime)
                .keyBy(ClickEvent::userId)
                .process(new DeduplicateEvents(options.dedupRetention()))
                .name("deduplicate")
                // Not "deduplicate" since ADR 80: its state changed, and under the old uid a savepoint's old state
                // would be restored and carried into every checkpoint unread. An older savepoint now restores only
                // with allowNonRestoredState, which drops that operator's state (docs/features.md). The inline ids
                // added to its header later kept the uid: a POJO's added field migrates on restore (ADR 80's amendment,
                // DeduplicateInlineTest restores the earlier layout).
                .uid("deduplicate-v2");
        KeyedStream<ClickEvent, Long> byUser =
                DataStreamUtils.reinterpretAsKeyedStream(unique, ClickEvent::userId, Types.LONG);

        byUser.process(new UserFeaturesFunction(options.keyPrefix(), options.flushInterval(), options.slideWrites()))
                .name("user-features")
                .uid("user-features")
                .sinkTo(features)
                .name("redis-user-features")
                .uid("redis-user-sink");

        byUser.process(new CoVisitPairs(options.allowedLateness()))
                .name("covisit-pairs")
                .uid("covisit-pairs")
                .keyBy(v -> v.item, Types.LONG)
                .process(new CoVisitFunction(options.keyPrefix(), options.coVisitFlush(), options.slideWrites()))
                .name("covisit")
                // Not "covisit" since ADR 80, for the same reason as the de-duplication's.
                .uid("covisit-v2")
                .sinkTo(features)
                .name("redis-covisit")
                .uid("redis-covisit-sink");

        unique.keyBy(ClickEvent::itemId)
                .process(new ItemFeaturesFunction(options.keyPrefix(), options.flushInterval(), options.slideWrites(),
                        options.popularityTakeover()))
                .name("item-features")
                .uid("item-features")
                .sinkTo(features)
                .name("redis-item-features")
                .uid("redis-item-sink");
    }
}
