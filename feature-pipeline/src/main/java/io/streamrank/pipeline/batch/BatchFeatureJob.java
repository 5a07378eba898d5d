package io.streamrank.pipeline.batch;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.pipeline.PipelineSettings;
import io.streamrank.pipeline.features.ItemFeatureLogic;
import io.streamrank.pipeline.features.UserFeatureLogic;
import io.streamrank.pipeline.ingest.DecodeEvents;
import io.streamrank.pipeline.ingest.DeduplicateEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;

/**
 * The batch path: the streaming job's decoder, de-duplication and feature logic over a recorded file (JSON event lines
 * or Taobao CSV), run in Flink's BATCH mode. Writes {@code <out>/point-in-time/} (for every event, the user's and the
 * item's values just before it: training features without leakage), {@code <out>/final/} (every key's values at the
 * cut-off, as the streaming job would have left them in Redis) and {@code <out>/rejected/} (records the decoder
 * refused, with the reason). All rows are {@link FeatureRow} lines.
 */
public final class BatchFeatureJob {

    /**
     * @param events         recorded events: a file or a directory of files
     * @param out            output directory
     * @param asOf           cut-off event time of the final values; {@code Long.MAX_VALUE}: each key at its last event
     * @param keyPrefix      Redis key prefix the rows' keys carry (as the streaming job's)
     * @param parallelism    0 keeps the environment's default
     * @param dedupRetention as the streaming job's {@code --dedup.retention}
     */
    public record Settings(Path events, Path out, long asOf, String keyPrefix, int parallelism,
                           Duration dedupRetention) {
    }

    private BatchFeatureJob() {
    }

    static final String USAGE = "usage: BatchFeatureJob --events <file|dir> --out <dir> [--as-of <epoch ms>] "
            + "[--redis.prefix sr:] [--parallelism 0] [--dedup.retention 1h]";

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        Settings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        run(settings);
    }

    /**
     * The command line, strictly: an unknown or misspelt option is an error, not ignored (it would silently run with
     * the default). {@code --dedup.retention.minutes} is the older spelling of {@code --dedup.retention}.
     */
    static Settings parse(String[] args) {
        Map<String, String> v = new LinkedHashMap<>(Map.of("as-of", Long.toString(Long.MAX_VALUE),
                "redis.prefix", "sr:", "parallelism", "0", "dedup.retention", "1h"));
        java.util.Set<String> known = java.util.Set.of("events", "out", "as-of", "redis.prefix", "parallelism",
                "dedup.retention", "dedup.retention.minutes");
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].replaceFirst("^--", "");
            if (!args[i].startsWith("--") || !known.contains(name)) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            if (name.equals("dedup.retention.minutes")) {
                name = "dedup.retention";
                v.put(name, args[i + 1] + "m");
            } else {
                v.put(name, args[i + 1]);
            }
        }
        if (!v.containsKey("events") || !v.containsKey("out")) {
            throw new IllegalArgumentException("--events and --out are required");
        }
        return new Settings(Path.of(v.get("events")), Path.of(v.get("out")), number(v, "as-of"),
                v.get("redis.prefix"), integer(v, "parallelism"),
                PipelineSettings.parseDuration("--dedup.retention", v.get("dedup.retention")));
    }

    private static int integer(Map<String, String> v, String name) {
        long n = number(v, name);
        if (n != (int) n) {
            throw new IllegalArgumentException("--" + name + " is out of range: " + n);
        }
        return (int) n;
    }

    private static long number(Map<String, String> v, String name) {
        try {
            return Long.parseLong(v.get(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " is not a number: '" + v.get(name) + "'");
        }
    }

    public static JobExecutionResult run(Settings s) throws Exception {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (s.parallelism() > 0) {
            env.setParallelism(s.parallelism());
        }
        build(env, s);
        return env.execute("streamrank-features-batch");
    }

    static void build(StreamExecutionEnvironment env, Settings s) {
        FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(),
                new org.apache.flink.core.fs.Path(s.events().toUri())).build();
        SingleOutputStreamOperator<ClickEvent> decoded = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "recorded-events")
                .map(new RecordedLines())
                .name("recorded-lines")
                // Recordings are old by nature: only timestamps from the future relative to now are absurd.
                .process(new DecodeEvents(Duration.ofHours(1).toMillis()))
                .name("decode-events");
        decoded.getSideOutput(DecodeEvents.DEAD_LETTERS)
                .map(d -> d.reason + '\t' + d.field + '\t' + (d.raw != null ? d.raw : "base64:" + d.rawBase64))
                .sinkTo(lines(s.out().resolve("rejected")))
                .name("rejected");

        DataStream<ClickEvent> unique = decoded
                .assignTimestampsAndWatermarks(WatermarkStrategy.<ClickEvent>noWatermarks()
                        .withTimestampAssigner((e, previous) -> e.timestamp()))
                .keyBy(ClickEvent::userId)
                .process(new DeduplicateEvents(s.dedupRetention()))
                .name("deduplicate");
        DataStream<FeatureRow> rows = unique.keyBy(ClickEvent::userId)
                .process(new PointInTimeFeatures<>(new UserFeatureLogic(s.keyPrefix()), s.asOf()))
                .name("user-features")
                .union(unique.keyBy(ClickEvent::itemId)
                        .process(new PointInTimeFeatures<>(new ItemFeatureLogic(s.keyPrefix()), s.asOf()))
                        .name("item-features"));
        rows.filter(r -> r.kind.equals(FeatureRow.POINT_IN_TIME)).map(FeatureRow::toLine)
                .sinkTo(lines(s.out().resolve("point-in-time"))).name("point-in-time");
        rows.filter(r -> r.kind.equals(FeatureRow.FINAL)).map(FeatureRow::toLine)
                .sinkTo(lines(s.out().resolve("final"))).name("final");
    }

    private static FileSink<String> lines(Path dir) {
        return FileSink.forRowFormat(new org.apache.flink.core.fs.Path(dir.toUri()),
                        new SimpleStringEncoder<String>("UTF-8"))
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("rows").withPartSuffix(".tsv").build())
                .build();
    }
}
