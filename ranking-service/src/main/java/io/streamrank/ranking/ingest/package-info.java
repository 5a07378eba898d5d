/** {@code POST /v1/events}: validates clickstream events and produces them to Kafka, keyed by user. */
package io.streamrank.ranking.ingest;
