/** Reads live user and item features from Redis with Lettuce's async API, with timeouts. */
package io.streamrank.ranking.features;
