package io.streamrank.pipeline.bench;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventCodec;
import io.streamrank.contract.event.EventType;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The benchmark's events: the Taobao time slice (2 h 10 min of real traffic, sorted by time), looped as often as
 * needed with each loop shifted by the slice's span in time and given its own event ids, so the replay is one long
 * continuous clickstream of real shoppers and items.
 */
final class BenchEvents {

    private final List<ClickEvent> slice;
    private final long span;

    private BenchEvents(List<ClickEvent> slice) {
        this.slice = slice;
        this.span = slice.get(slice.size() - 1).timestamp() - slice.get(0).timestamp() + 1_000L;
    }

    static BenchEvents taobao(Path csv) throws IOException {
        List<ClickEvent> events = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(",");
                n++;
                if (f.length != 5) {
                    continue;
                }
                var type = EventType.fromTaobaoBehavior(f[3].trim());
                if (type.isPresent()) {
                    events.add(new ClickEvent("tb-" + n, Long.parseLong(f[0]), Long.parseLong(f[1]),
                            Long.parseLong(f[2]), type.get(), Long.parseLong(f[4].trim()) * 1000L));
                }
            }
        }
        events.sort(Comparator.comparingLong(ClickEvent::timestamp));
        return new BenchEvents(events);
    }

    int sliceSize() {
        return slice.size();
    }

    /** The {@code i}-th event of the endless loop. */
    ClickEvent looped(long i) {
        ClickEvent e = slice.get((int) (i % slice.size()));
        long loop = i / slice.size();
        return new ClickEvent(e.eventId() + "-" + loop, e.userId(), e.itemId(), e.categoryId(), e.type(),
                e.timestamp() + loop * span);
    }

    /**
     * The {@code i}-th event of the loop, re-stamped {@code now} (for the freshness run). At 20,000 events/s a loop
     * plays 2 hours of traffic in seconds, so each loop gets its own user ids (the items stay): otherwise a user's
     * events from every loop would fall into one 30-minute session and co-visit with each other.
     */
    ClickEvent live(long i, long now) {
        ClickEvent e = slice.get((int) (i % slice.size()));
        long loop = i / slice.size();
        return new ClickEvent("live-" + i, e.userId() + loop * 1_000_000_000L, e.itemId(), e.categoryId(), e.type(),
                now);
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap, int lingerMs) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, lingerMs, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.ACKS_CONFIG, "1"), new StringSerializer(), new ByteArraySerializer());
    }

    /** Produces events {@code 0 .. count-1} of the loop to partition {@code userId % partitions}. */
    void produceLooped(String bootstrap, String topic, int partitions, long count, LongConsumer progress) {
        try (KafkaProducer<String, byte[]> p = producer(bootstrap, 20)) {
            for (long i = 0; i < count; i++) {
                ClickEvent e = looped(i);
                p.send(new ProducerRecord<>(topic, (int) (e.userId() % partitions), Long.toString(e.userId()),
                        EventCodec.encode(e)));
                if ((i + 1) % 500_000 == 0) {
                    progress.accept(i + 1);
                }
            }
            p.flush();
        }
    }

    /** The time right after the {@code count}-th looped event. */
    long endOfLoop(long count) {
        return looped(count - 1).timestamp() + 1_000L;
    }
}
