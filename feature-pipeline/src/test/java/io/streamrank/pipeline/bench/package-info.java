/** The pipeline benchmark ({@code bin/bench-pipeline}): throughput against the raw Kafka ceiling, and freshness. */
package io.streamrank.pipeline.bench;
