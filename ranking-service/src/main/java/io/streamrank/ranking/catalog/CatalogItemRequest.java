package io.streamrank.ranking.catalog;

import io.streamrank.contract.catalog.CatalogItem;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/**
 * One item of {@code PUT /v1/catalog/items}.
 *
 * @param itemId     the item, &gt; 0
 * @param categoryId its category, &gt; 0
 * @param createdAt  listing time, epoch milliseconds
 * @param available  whether it can be sold now (default true)
 * @param price      optional, &ge; 0, at most 12 integer and 4 fraction digits once trailing zeros are dropped
 *                   (checked by the controller with {@link CatalogLimits#priceProblem}, as the start-up CSV is:
 *                   {@code @Digits} counts {@code 19.90000} as five fraction digits)
 * @param title      optional, at most 500 characters
 */
record CatalogItemRequest(@NotNull @Positive Long itemId, @NotNull @Positive Long categoryId,
                          @NotNull @PositiveOrZero Long createdAt, Boolean available,
                          BigDecimal price,
                          @Size(max = CatalogLimits.MAX_TITLE) String title) {

    CatalogItem toItem() {
        return new CatalogItem(itemId, categoryId, createdAt, available == null || available, price, title);
    }
}
