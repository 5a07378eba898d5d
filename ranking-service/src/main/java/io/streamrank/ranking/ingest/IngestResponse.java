package io.streamrank.ranking.ingest;

import java.util.List;

/**
 * Answer of {@code POST /v1/events}.
 *
 * @param accepted   how many events were stored in Kafka
 * @param acceptedIds their event ids, in request order
 * @param rejected   the others, with the index in the request array and the reason
 */
record IngestResponse(String requestId, int accepted, List<String> acceptedIds, List<Rejected> rejected) {

    record Rejected(int index, String reason, String field, String message) {
    }
}
