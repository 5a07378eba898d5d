/** {@code /v1/recommendations}: retrieve, read features, score, return top-K; degrade instead of failing. */
package io.streamrank.ranking.recommend;
