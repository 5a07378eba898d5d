package io.streamrank.ranking.ingest;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventCodec;
import io.streamrank.ranking.RankingProperties;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Produces events to the clickstream topic keyed by user id (so one user's events stay ordered in one partition) and
 * waits for the broker's acknowledgement: an event is only reported accepted once it is durable in Kafka.
 */
@Component
class EventPublisher {

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Duration sendTimeout;

    @Autowired
    EventPublisher(RankingProperties properties) {
        this(producer(properties.kafka()), properties.kafka().topic(), properties.kafka().sendTimeout());
    }

    EventPublisher(Producer<String, byte[]> producer, String topic, Duration sendTimeout) {
        this.producer = producer;
        this.topic = topic;
        this.sendTimeout = sendTimeout;
    }

    private static KafkaProducer<String, byte[]> producer(RankingProperties.Kafka kafka) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                // Never block a request thread longer than the send timeout when the broker is unreachable.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) kafka.sendTimeout().toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(kafka.sendTimeout().toMillis(), 1_000L) + 1_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(kafka.sendTimeout().toMillis(), 1_000L)),
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends all events and waits for every acknowledgement, within the send timeout for the whole request: the
     * producer's {@code max.block.ms} bounds each {@code send} on its own, and without a broker every send waited for
     * it (a request of 1,000 events held its thread for 1,000 send timeouts).
     *
     * @throws PublishException when some events were not acknowledged (failed, timed out or not sent); it says which,
     *                          the others are stored
     */
    void publish(List<ClickEvent> events) throws PublishException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        Exception failure = null;
        try {
            for (ClickEvent e : events) {
                if (System.nanoTime() - deadline > 0) {
                    throw new TimeoutException("send timeout of " + sendTimeout.toMillis() + " ms passed after "
                            + acks.size() + " of " + events.size() + " events were sent");
                }
                Future<RecordMetadata> ack = producer.send(
                        new ProducerRecord<>(topic, Long.toString(e.userId()), EventCodec.encode(e)));
                acks.add(ack);
                Exception atOnce = ack.isDone() ? outcome(ack) : null;
                if (atOnce != null) {
                    throw atOnce; // failed at once (no topic metadata within max.block.ms): the next sends would too
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        } catch (Exception e) {
            failure = e;
        }
        // Each sent event's acknowledgement is awaited even after a failure: the answer says which events are stored,
        // and the client need not guess.
        int[] failed = null;
        int unacknowledged = 0;
        for (int i = 0; i < events.size(); i++) {
            Exception missing = i < acks.size() ? missing(acks.get(i), deadline) : failure;
            if (missing != null) {
                if (failed == null) {
                    failed = new int[events.size() - i];
                }
                failed[unacknowledged++] = i;
                failure = failure == null ? missing : failure;
            }
        }
        if (failed != null) {
            throw new PublishException(failure, Arrays.copyOf(failed, unacknowledged));
        }
    }

    /** Why {@code ack} did not confirm its event by the deadline, or null when it did. */
    private static Exception missing(Future<RecordMetadata> ack, long deadline) {
        if (ack.isDone()) {
            return outcome(ack);
        }
        try {
            ack.get(Math.max(0L, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (Exception e) {
            return e;
        }
    }

    /**
     * The outcome of an acknowledgement already in. Read with the thread's interrupt set aside: Kafka's future waits
     * on a latch, which throws on an interrupted thread even when it is open, and an interrupted request counted every
     * event after the interrupt as failed, those Kafka had stored included.
     */
    private static Exception outcome(Future<RecordMetadata> ack) {
        boolean interrupted = Thread.interrupted();
        try {
            ack.get(); // cannot block or be interrupted: the future is done and the interrupt cleared
            return null;
        } catch (Exception e) {
            return e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }

    static final class PublishException extends Exception {
        private static final long serialVersionUID = 1L;

        private final int[] failed;

        PublishException(Throwable cause, int[] failed) {
            super(cause);
            this.failed = failed;
        }

        /** Positions in the published list of the events not acknowledged (ascending); the others are stored. */
        int[] failed() {
            return failed;
        }
    }
}
