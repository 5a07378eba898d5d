/** The embedded local stack: one command brings up Kafka, Flink, Redis, a model and the ranking service. */
package io.streamrank.local;
