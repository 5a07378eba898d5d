package io.streamrank.contract.catalog;

import java.math.BigDecimal;

/**
 * One item of the catalog: the attributes merchandising owns, as opposed to the behavioural features the pipeline
 * computes. Stored in Redis under {@code <prefix>cat:i:<itemId>} ({@link CatalogCodec}).
 *
 * @param itemId     the item, &gt; 0
 * @param categoryId its category, &gt; 0
 * @param createdAt  when it was listed, epoch ms (drives new-item retrieval and the new-item boost)
 * @param available  false when it cannot be sold now (out of stock, delisted): never recommended
 * @param price      optional price, {@code null} when unknown
 * @param title      optional display title, {@code null} when unknown
 */
public record CatalogItem(long itemId, long categoryId, long createdAt, boolean available, BigDecimal price,
                          String title) {

    public CatalogItem {
        if (itemId <= 0 || categoryId <= 0) {
            throw new IllegalArgumentException("itemId and categoryId must be > 0");
        }
        if (createdAt < 0) {
            throw new IllegalArgumentException("createdAt must be >= 0");
        }
        if (title != null && title.isEmpty()) {
            title = null;
        }
    }
}
