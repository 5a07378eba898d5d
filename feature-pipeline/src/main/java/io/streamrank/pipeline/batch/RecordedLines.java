package io.streamrank.pipeline.batch;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventCodec;
import io.streamrank.contract.event.TaobaoCsv;
import io.streamrank.pipeline.ingest.KafkaRecord;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Turns one line of a recording into the record value the streaming job would have read from Kafka: JSON event lines
 * (the clickstream topic's format) pass as they are; Taobao UserBehavior CSV rows ({@code user,item,category,behavior,
 * seconds}) become JSON events ({@link TaobaoCsv}). Anything else passes
 * unchanged and is rejected by the decoder like a bad Kafka record.
 */
public final class RecordedLines implements MapFunction<String, KafkaRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public KafkaRecord map(String line) {
        String trimmed = line.trim();
        if (!trimmed.startsWith("{")) {
            Optional<ClickEvent> taobao = TaobaoCsv.parse(trimmed);
            if (taobao.isPresent()) {
                return new KafkaRecord(null, EventCodec.encode(taobao.get()));
            }
        }
        return new KafkaRecord(null, trimmed.getBytes(StandardCharsets.UTF_8));
    }
}
