/** In-process Kafka broker and local Redis access for integration tests and the embedded local stack. */
package io.streamrank.testkit;
