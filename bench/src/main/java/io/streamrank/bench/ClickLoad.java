package io.streamrank.bench;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventCodec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Clicks produced to the clickstream topic at a fixed rate while the service is measured ({@code --clicks}): the
 * replay's events again, in order and round and round, stamped now, so that the feature job keeps writing item values
 * and lists to Redis as it does in production, and Redis keeps announcing those changes to the service (ADR 56).
 */
final class ClickLoad implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean running = true;

    private ClickLoad(String bootstrapServers, List<ClickEvent> events, int perSecond) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
        thread = new Thread(() -> produce(events, perSecond), "bench-clicks");
        thread.setDaemon(true);
    }

    /** Starts producing {@code perSecond} clicks per second; nothing for 0 ({@link #sent()} stays 0). */
    static ClickLoad start(String bootstrapServers, List<ClickEvent> events, int perSecond) {
        ClickLoad load = new ClickLoad(bootstrapServers, events, perSecond);
        if (perSecond > 0 && !events.isEmpty()) {
            load.thread.start();
        }
        return load;
    }

    /** Clicks produced so far. */
    long sent() {
        return sent.get();
    }

    private void produce(List<ClickEvent> events, int perSecond) {
        long start = System.nanoTime();
        // Ids unique to this load: the feature job drops an event id it has seen (de-duplication), so a second run's
        // clicks numbered from 0 again were all dropped and that run had no write load (until 2026-12-03).
        String idPrefix = "bench-click-" + Long.toString(System.currentTimeMillis(), 36) + "-";
        long n = 0;
        while (running) {
            // Open loop, in 1 ms steps: the clicks due by now are sent, whatever the broker's pace.
            long due = (System.nanoTime() - start) * perSecond / TimeUnit.SECONDS.toNanos(1);
            long now = System.currentTimeMillis();
            for (; n < due; n++) {
                ClickEvent e = events.get((int) (n % events.size()));
                ClickEvent click = new ClickEvent(idPrefix + n, e.userId(), e.itemId(), e.categoryId(), e.type(), now);
                producer.send(new ProducerRecord<>("clickstream", Long.toString(click.userId()),
                        EventCodec.encode(click)));
                sent.incrementAndGet();
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
        producer.close();
    }
}
