package io.streamrank.testkit;

import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node Kafka broker in KRaft mode, running in this JVM on a free port. Used where no Docker engine is
 * available (Testcontainers would be the choice where one is).
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker broker;

    private EmbeddedKafka(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    /** Starts a broker with the given topics, each with {@code partitions} partitions. */
    public static EmbeddedKafka start(int partitions, String... topics) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions, topics);
        // Short group rebalance delay: tests and the local stack start consumers right after the broker.
        broker.brokerProperties(Map.of("group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        return new EmbeddedKafka(broker);
    }

    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    public void createTopics(String... topics) {
        broker.addTopics(topics);
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
