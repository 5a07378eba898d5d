package io.streamrank.ranking.ingest;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.Decoded;
import io.streamrank.contract.event.EventCodec;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.web.ApiException;
import io.streamrank.ranking.web.ProblemType;
import io.streamrank.ranking.web.RequestIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/events}: a JSON array of events. Each is validated by the contract's codec (the same rules as the
 * feature job); valid ones are produced to Kafka, the rest are listed with their reason. All invalid → 422. When Kafka
 * does not acknowledge every valid event, 503 {@code ingest-unavailable} says how many were stored ({@code accepted})
 * and the request indexes of the others ({@code failedIndexes}); sending the whole request again is safe, as the
 * feature job drops an event id it already has from the user ({@code dedup.retention}, 1 h of event time).
 */
@RestController
class EventsController {

    private static final Logger log = LoggerFactory.getLogger(EventsController.class);

    private final EventPublisher publisher;
    private final EventCodec codec;
    private final RankingProperties.Ingest limits;
    private final Semaphore sending;
    private final long retryAfterSeconds;

    EventsController(EventPublisher publisher, RankingProperties properties) {
        this.publisher = publisher;
        this.limits = properties.ingest();
        this.sending = new Semaphore(limits.maxConcurrent());
        this.retryAfterSeconds = Math.max(1L, properties.api().retryAfter().toSeconds());
        this.codec = new EventCodec(System::currentTimeMillis, limits.maxFutureSkew().toMillis());
    }

    // produces: an Accept the answer cannot meet is refused before the events are sent (Spring checks it while
    // choosing the handler), not with a 406 after they reached Kafka.
    @Operation(summary = "Send shopper events to the clickstream (1 to streamrank.ingest.max-events per call)",
            description = "202: every valid event is stored in Kafka; invalid ones are listed in `rejected`. 503 "
                    + "`ingest-unavailable` (with Retry-After): Kafka did not acknowledge every valid event in time. "
                    + "Its problem document gives `accepted`, how many were stored, and `failedIndexes`, the indexes "
                    + "in the request array of those that were not (each may or may not have reached Kafka). Sending "
                    + "the whole request again is safe: the feature job drops an `eventId` it already has from the "
                    + "same user within its de-duplication retention (1 h of event time by default), so keep the "
                    + "event ids when retrying.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    array = @ArraySchema(schema = @Schema(implementation = EventSchema.class), minItems = 1))))
    @PostMapping(path = "/v1/events", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    IngestResponse ingest(HttpServletRequest request) throws IOException {
        byte[] body = readBounded(request);
        List<Decoded> decoded;
        try {
            decoded = codec.decodeArray(body, limits.maxEvents());
        } catch (IllegalArgumentException e) {
            throw new ApiException(ProblemType.MALFORMED_BODY, e.getMessage());
        }
        if (decoded.size() > limits.maxEvents()) {
            throw new ApiException(ProblemType.TOO_MANY_EVENTS, "at most " + limits.maxEvents()
                    + " events per request, got more");
        }
        List<ClickEvent> valid = new ArrayList<>();
        List<IngestResponse.Rejected> rejected = new ArrayList<>();
        for (int i = 0; i < decoded.size(); i++) {
            Decoded d = decoded.get(i);
            if (d.isOk()) {
                valid.add(d.event());
            } else {
                rejected.add(new IngestResponse.Rejected(i, d.rejection().reason().code(), d.rejection().field(),
                        d.rejection().message()));
            }
        }
        if (valid.isEmpty()) {
            throw new ApiException(ProblemType.NO_VALID_EVENTS, decoded.isEmpty() ? "the array is empty"
                    : "every event was rejected", Map.of("rejected", rejected));
        }
        if (!sending.tryAcquire()) {
            // Not queued: while Kafka is slow or down every sender holds a server thread for the send timeout.
            throw new ApiException(ProblemType.OVERLOADED, "too many ingest requests in progress; nothing from "
                    + "this request was stored: retry later", Map.of(), retryAfterSeconds);
        }
        try {
            publisher.publish(valid);
        } catch (EventPublisher.PublishException e) {
            int[] failed = requestIndexes(decoded, e.failed());
            int stored = valid.size() - failed.length;
            log.warn("publishing {} events failed for request {}, {} stored: {}", valid.size(), RequestIds.of(request),
                    stored, e.getCause().toString());
            throw new ApiException(ProblemType.INGEST_UNAVAILABLE, (stored == 0
                    ? "no event was confirmed stored; "
                    : stored + " of " + valid.size() + " valid events were stored, those at failedIndexes not; ")
                    + "retry later (the whole request is safe to send again: repeated eventIds are dropped)",
                    // The invalid ones too: a client that retries only failedIndexes must still learn about them.
                    Map.of("accepted", stored, "failedIndexes", failed, "rejected", rejected));
        } finally {
            sending.release();
        }
        return new IngestResponse(RequestIds.of(request), valid.size(),
                valid.stream().map(ClickEvent::eventId).toList(), rejected);
    }

    /** The indexes in the request array of the valid events at {@code positions} (ascending) among the valid ones. */
    static int[] requestIndexes(List<Decoded> decoded, int[] positions) {
        int[] indexes = new int[positions.length];
        int valid = 0;
        int next = 0;
        for (int i = 0; i < decoded.size() && next < positions.length; i++) {
            if (decoded.get(i).isOk()) {
                if (valid == positions[next]) {
                    indexes[next++] = i;
                }
                valid++;
            }
        }
        return indexes;
    }

    private byte[] readBounded(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > limits.maxBodyBytes()) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(limits.maxBodyBytes() + 1);
            if (body.length > limits.maxBodyBytes()) {
                throw tooLarge();
            }
            return body;
        }
    }

    private ApiException tooLarge() {
        return new ApiException(ProblemType.BODY_TOO_LARGE, "request body exceeds " + limits.maxBodyBytes() + " bytes");
    }
}
