package io.streamrank.local;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventCodec;
import io.streamrank.contract.event.TaobaoCsv;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Replays a Taobao UserBehavior CSV into the clickstream topic with its timestamps shifted so that the last event
 * happens just now: the recorded hours play as the hours before "now", so live clicks posted afterwards continue them
 * in event time.
 */
final class TaobaoReplay {

    private TaobaoReplay() {
    }

    /** Reads up to {@code limit} complete rows (0 for all), sorted by time; malformed rows are skipped. */
    static List<ClickEvent> read(Path csv, int limit) throws IOException {
        List<ClickEvent> events = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null && (limit == 0 || events.size() < limit)) {
                TaobaoCsv.parse(line).ifPresent(events::add);
            }
        }
        events.sort(Comparator.comparingLong(ClickEvent::timestamp));
        return events;
    }

    /** The events with timestamps shifted so that the newest is {@code endAt}. */
    static List<ClickEvent> rebase(List<ClickEvent> events, long endAt) {
        if (events.isEmpty()) {
            return events;
        }
        long shift = endAt - events.get(events.size() - 1).timestamp();
        return events.stream().map(e -> new ClickEvent(e.eventId(), e.userId(), e.itemId(), e.categoryId(), e.type(),
                e.timestamp() + shift)).toList();
    }

    /** Produces the events keyed by user and waits until the broker has them all. */
    static void produce(String bootstrapServers, String topic, List<ClickEvent> events, Consumer<String> progress) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new ByteArraySerializer())) {
            int i = 0;
            for (ClickEvent e : events) {
                producer.send(new ProducerRecord<>(topic, Long.toString(e.userId()), EventCodec.encode(e)));
                if (++i % 25_000 == 0) {
                    progress.accept(String.format("  replayed %,d / %,d events", i, events.size()));
                }
            }
            producer.flush();
        }
        progress.accept(String.format("  replayed %,d events", events.size()));
    }
}
