/** The item catalog: bulk upsert over REST and from a CSV at start-up, stored in Redis, cached in-process briefly. */
package io.streamrank.ranking.catalog;
