/** {@code /v1/recommendations}: retrieve, read features, filter, score, boost and cap, explain; degrade, never fail. */
package io.streamrank.ranking.recommend;
