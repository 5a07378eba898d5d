/** The in-process item cache of the ranking hot path: primitive item-id keys, a few memory reads per lookup. */
package io.streamrank.ranking.cache;
