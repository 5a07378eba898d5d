package io.streamrank.pipeline.batch;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventCodec;
import io.streamrank.contract.event.EventType;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Turns one line of a recording into the record value the streaming job would have read from Kafka: JSON event lines
 * (the clickstream topic's format) pass as they are; Taobao UserBehavior CSV rows ({@code user,item,category,behavior,
 * seconds}) become JSON events with the id {@code tb-<user>-<item>-<behavior>-<seconds>}. Anything else passes
 * unchanged and is rejected by the decoder like a bad Kafka record.
 */
public final class RecordedLines implements MapFunction<String, byte[]> {

    private static final long serialVersionUID = 1L;

    @Override
    public byte[] map(String line) {
        String trimmed = line.trim();
        if (!trimmed.startsWith("{")) {
            Optional<ClickEvent> taobao = taobao(trimmed);
            if (taobao.isPresent()) {
                return EventCodec.encode(taobao.get());
            }
        }
        return trimmed.getBytes(StandardCharsets.UTF_8);
    }

    static Optional<ClickEvent> taobao(String line) {
        String[] f = line.split(",");
        if (f.length != 5) {
            return Optional.empty();
        }
        try {
            Optional<EventType> type = EventType.fromTaobaoBehavior(f[3].trim());
            long seconds = Long.parseLong(f[4].trim());
            return type.map(t -> new ClickEvent("tb-" + f[0].trim() + "-" + f[1].trim() + "-" + f[3].trim() + "-"
                    + seconds, Long.parseLong(f[0].trim()), Long.parseLong(f[1].trim()), Long.parseLong(f[2].trim()),
                    t, seconds * 1000L));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
