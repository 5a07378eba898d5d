package io.streamrank.ranking.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.contract.event.EventAdmission;
import io.streamrank.ranking.TestProperties;
import io.streamrank.ranking.web.ApiException;
import io.streamrank.ranking.web.ProblemType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Kafka acknowledging some events of a request and not others, through Kafka's own {@link MockProducer}: any failure at
 * any position, and a send that fails at once. A real broker refuses whole batches; {@link PartlyStoredEventsIT} makes
 * it refuse one event's: the 503 says which events are stored.
 */
class EventsControllerTest {

    /** Request array: valid, invalid (user 0), valid, valid; the valid ones are Kafka's sends 0, 1 and 2. */
    private static final String BODY = "[" + event("e0", 1) + "," + event("e1", 0) + "," + event("e2", 2) + ","
            + event("e3", 3) + "]";

    @Test
    void aPartlyAcknowledgedRequestIs503WithTheStoredCountAndTheRequestIndexesOfTheOthers() throws Exception {
        MockProducer<String, byte[]> kafka = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer());
        EventsController controller = controller(kafka);

        CompletableFuture<IngestResponse> answer = CompletableFuture.supplyAsync(() -> ingest(controller));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (kafka.history().size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(kafka.history()).hasSize(3);
        kafka.completeNext();
        kafka.errorNext(new TimeoutException("not enough replicas in time"));
        kafka.completeNext();

        ApiException problem = null;
        try {
            answer.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            problem = (ApiException) e.getCause();
        }
        assertThat(problem).as("answered with a problem").isNotNull();
        assertThat(problem.type()).isEqualTo(ProblemType.INGEST_UNAVAILABLE);
        assertThat(problem.retryAfterSeconds()).isEqualTo(1L);
        assertThat(problem.properties()).containsEntry("accepted", 2);
        assertThat((int[]) problem.properties().get("failedIndexes")).as("e2's index in the request").containsExactly(2);
        assertThat(problem.properties().get("rejected")).as("the invalid event is named too")
                .asList().extracting(r -> ((IngestResponse.Rejected) r).index()).containsExactly(1);
        assertThat(problem.getMessage()).contains("2 of 3 valid events were stored").contains("safe to send again");
    }

    @Test
    void aSendThatFailsAtOnceEndsTheSendsAndTheUnsentEventsCountAsFailed() {
        // Without topic metadata a send fails at once, and so would each next one after its own max.block.ms.
        MockProducer<String, byte[]> kafka = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
                return history().size() == 1
                        ? CompletableFuture.failedFuture(new TimeoutException("no topic metadata"))
                        : super.send(record);
            }
        };

        assertThatThrownBy(() -> ingest(controller(kafka))).isInstanceOfSatisfying(ApiException.class, problem -> {
            assertThat(problem.type()).isEqualTo(ProblemType.INGEST_UNAVAILABLE);
            assertThat(problem.properties()).containsEntry("accepted", 1);
            assertThat((int[]) problem.properties().get("failedIndexes")).containsExactly(2, 3);
        });
        assertThat(kafka.history()).as("sent").hasSize(1);
    }

    @Test
    void aFullyAcknowledgedRequestIsAcceptedWithTheInvalidEventListed() {
        MockProducer<String, byte[]> kafka = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());

        IngestResponse r = ingest(controller(kafka));

        assertThat(r.accepted()).isEqualTo(3);
        assertThat(r.acceptedIds()).containsExactly("e0", "e2", "e3");
        assertThat(r.rejected()).extracting(IngestResponse.Rejected::index).containsExactly(1);
    }

    @Test
    void anInterruptedRequestStillCountsTheEventsKafkaAcknowledgedAsStored() {
        MockProducer<String, byte[]> kafka = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        EventsController controller = controller(kafka);

        // Interrupted (a shutdown, a cancelled request) while every acknowledgement is already in.
        Thread.currentThread().interrupt();
        IngestResponse r;
        try {
            r = ingest(controller);
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        }

        assertThat(r.accepted()).isEqualTo(3);
        assertThat(r.acceptedIds()).containsExactly("e0", "e2", "e3");
    }

    @Test
    void theShippedFutureSkewIsTheContractsThatTheFeatureJobAndTheTrainerApply() {
        // application.yaml's 2m is text; the job's default and the replay's are EventAdmission.MAX_FUTURE_SKEW (ADR 81).
        assertThat(TestProperties.load(Map.of()).ingest().maxFutureSkew()).isEqualTo(EventAdmission.MAX_FUTURE_SKEW);
    }

    private static EventsController controller(MockProducer<String, byte[]> kafka) {
        return new EventsController(new EventPublisher(kafka, "clickstream", Duration.ofSeconds(10)),
                TestProperties.load(Map.of()));
    }

    private static IngestResponse ingest(EventsController controller) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/events");
        request.setContentType("application/json");
        request.setContent(BODY.getBytes(StandardCharsets.UTF_8));
        try {
            return controller.ingest(request);
        } catch (java.io.IOException e) {
            throw new CompletionException(e);
        }
    }

    private static String event(String id, long userId) {
        return "{\"eventId\":\"" + id + "\",\"userId\":" + userId + ",\"itemId\":2,\"categoryId\":3,\"type\":\"click\","
                + "\"timestamp\":" + System.currentTimeMillis() + "}";
    }
}
