package io.streamrank.contract.catalog;

import java.math.BigDecimal;

/**
 * Encodes catalog items as compact strings for Redis, in the style of the feature values (a versioned, flat text
 * form the service parses for hundreds of items per request without building a tree).
 *
 * <pre>
 * 1|categoryId|createdAt|available(1/0)|price|title
 * </pre>
 * The price is empty when unknown; the title comes last and is everything after the fifth {@code |}, so it may
 * contain {@code |} itself. A value whose first field is not a known version is treated as missing by readers.
 */
public final class CatalogCodec {

    public static final String VERSION = "1";

    private CatalogCodec() {
    }

    public static String encode(CatalogItem item) {
        StringBuilder sb = new StringBuilder(48 + (item.title() == null ? 0 : item.title().length()));
        sb.append(VERSION).append('|').append(item.categoryId()).append('|').append(item.createdAt()).append('|')
                .append(item.available() ? '1' : '0').append('|');
        if (item.price() != null) {
            sb.append(item.price().toPlainString());
        }
        sb.append('|');
        if (item.title() != null) {
            sb.append(item.title());
        }
        return sb.toString();
    }

    /** @throws IllegalArgumentException if the value is not a catalog value of a known version */
    public static CatalogItem decode(long itemId, String value) {
        if (value == null) {
            throw new IllegalArgumentException("no value");
        }
        String[] p = value.split("\\|", 6);
        if (p.length != 6 || !VERSION.equals(p[0])) {
            throw new IllegalArgumentException("unknown catalog value format");
        }
        try {
            boolean available = switch (p[3]) {
                case "1" -> true;
                case "0" -> false;
                default -> throw new IllegalArgumentException("available must be 1 or 0");
            };
            BigDecimal price = p[4].isEmpty() ? null : new BigDecimal(p[4]);
            return new CatalogItem(itemId, Long.parseLong(p[1]), Long.parseLong(p[2]), available, price,
                    p[5].isEmpty() ? null : p[5]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("corrupt catalog value", e);
        }
    }
}
