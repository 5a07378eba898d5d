package io.streamrank.ranking.catalog;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Body of {@code PUT /v1/catalog/items}: 1 to 1,000 items, all valid or none written. */
record CatalogUpsertRequest(@NotNull @Size(min = 1, max = 1000) List<@NotNull @Valid CatalogItemRequest> items) {
}
