package io.streamrank.ranking.catalog;

import java.util.Set;

/**
 * Published after a catalog upsert through this instance, so that in-process copies derived from the catalog (the
 * new-item lists of retrieval) drop what the upsert changed instead of waiting for their TTL.
 *
 * @param categories the categories of the upserted items
 */
public record CatalogChanged(Set<Long> categories) {
}
