/** Reads live user and item features from Redis in pipelined rounds (Lettuce async), with timeouts and staleness. */
package io.streamrank.ranking.features;
