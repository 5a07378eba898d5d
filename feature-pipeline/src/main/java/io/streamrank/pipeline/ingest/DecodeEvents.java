package io.streamrank.pipeline.ingest;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.Decoded;
import io.streamrank.contract.event.EventCodec;
import io.streamrank.contract.event.Rejection.Reason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes raw record values with the contract's {@link EventCodec}. Valid events go downstream; anything else goes to
 * {@link #DEAD_LETTERS} with its reason and is counted per reason ({@code streamrank_events_rejected_<reason>}).
 * Never throws on input, so bad records cannot fail or stall the job.
 */
public final class DecodeEvents extends ProcessFunction<KafkaRecord, ClickEvent> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") { };

    private static final long serialVersionUID = 1L;

    private final long maxFutureSkewMs;
    private transient EventCodec codec;
    /** The time the record at hand is judged at: see {@link #processElement}. */
    private transient long recordNow;
    private transient Counter accepted;
    private transient Map<Reason, Counter> rejected;

    public DecodeEvents(long maxFutureSkewMs) {
        this.maxFutureSkewMs = maxFutureSkewMs;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = new EventCodec(() -> recordNow, maxFutureSkewMs);
        var metrics = getRuntimeContext().getMetricGroup();
        accepted = metrics.counter("streamrank_events_accepted");
        rejected = new EnumMap<>(Reason.class);
        for (Reason r : Reason.values()) {
            rejected.put(r, metrics.counter("streamrank_events_rejected_" + r.code()));
        }
    }

    @Override
    public void processElement(KafkaRecord record, Context ctx, Collector<ClickEvent> out) {
        byte[] value = record.value;
        long wall = System.currentTimeMillis();
        // Its Kafka timestamp, where it has one behind this clock, as the watermark judges it (EventTimestamps): while
        // a backlog is read an event an hour ahead of its record is still behind the wall clock, and it moved its
        // user's and item's windows an hour ahead; and a record read again after a restore gets the same verdict.
        recordNow = record.timestamp >= 0 ? Math.min(wall, record.timestamp) : wall;
        Decoded d = value == null ? codec.decode(new byte[0]) : codec.decode(value);
        if (d.isOk()) {
            accepted.inc();
            out.collect(d.event());
            return;
        }
        rejected.get(d.rejection().reason()).inc();
        DeadLetter dead = DeadLetter.of(d.rejection().reason().code(), d.rejection().field(),
                d.rejection().message(), value, System.currentTimeMillis());
        dead.key = record.key;
        ctx.output(DEAD_LETTERS, dead);
    }
}
