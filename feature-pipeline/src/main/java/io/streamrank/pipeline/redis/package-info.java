/** The Redis sink: idempotent feature writes through Lettuce's async API. */
package io.streamrank.pipeline.redis;
