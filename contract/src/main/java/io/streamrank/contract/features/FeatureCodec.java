package io.streamrank.contract.features;

import io.streamrank.contract.event.EventType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes feature values as compact strings for Redis. A flat, versioned text form rather than JSON: the service
 * decodes hundreds of item values per request and this parses without allocating a tree.
 *
 * <pre>
 * user: 1|asOf|updatedAt|lastEventAt|item:cat:typeCode:ts,...|cat:count,...
 * item: 1|asOf|updatedAt|categoryId|clicks1h
 * </pre>
 */
public final class FeatureCodec {

    public static final String VERSION = "1";

    private FeatureCodec() {
    }

    public static String encodeUser(UserFeatures f) {
        StringBuilder sb = new StringBuilder(64 + f.recent().size() * 40);
        sb.append(VERSION).append('|').append(f.asOf()).append('|').append(f.updatedAt()).append('|')
                .append(f.lastEventAt()).append('|');
        for (int i = 0; i < f.recent().size(); i++) {
            RecentItem r = f.recent().get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append(r.itemId()).append(':').append(r.categoryId()).append(':').append(r.type().code()).append(':')
                    .append(r.timestamp());
        }
        sb.append('|');
        boolean first = true;
        for (Map.Entry<Long, Integer> c : f.categoryCounts5m().entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(c.getKey()).append(':').append(c.getValue());
        }
        return sb.toString();
    }

    /** @throws IllegalArgumentException if the value is not a user feature value of a known version */
    public static UserFeatures decodeUser(String value) {
        String[] p = split(value, 6);
        try {
            List<RecentItem> recent = new ArrayList<>();
            if (!p[4].isEmpty()) {
                for (String e : p[4].split(",")) {
                    String[] r = e.split(":");
                    recent.add(new RecentItem(Long.parseLong(r[0]), Long.parseLong(r[1]),
                            EventType.fromCode(Integer.parseInt(r[2])), Long.parseLong(r[3])));
                }
            }
            Map<Long, Integer> counts = new HashMap<>();
            if (!p[5].isEmpty()) {
                for (String e : p[5].split(",")) {
                    int colon = e.indexOf(':');
                    counts.put(Long.parseLong(e.substring(0, colon)), Integer.parseInt(e.substring(colon + 1)));
                }
            }
            return new UserFeatures(recent, counts, Long.parseLong(p[3]), Long.parseLong(p[1]), Long.parseLong(p[2]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("corrupt user feature value", e);
        }
    }

    public static String encodeItem(ItemFeatures f) {
        return VERSION + '|' + f.asOf() + '|' + f.updatedAt() + '|' + f.categoryId() + '|' + f.clicks1h();
    }

    /** @throws IllegalArgumentException if the value is not an item feature value of a known version */
    public static ItemFeatures decodeItem(String value) {
        String[] p = split(value, 5);
        try {
            return new ItemFeatures(Long.parseLong(p[3]), Integer.parseInt(p[4]), Long.parseLong(p[1]),
                    Long.parseLong(p[2]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("corrupt item feature value", e);
        }
    }

    private static String[] split(String value, int fields) {
        if (value == null) {
            throw new IllegalArgumentException("no value");
        }
        String[] p = value.split("\\|", -1);
        if (p.length != fields || !VERSION.equals(p[0])) {
            throw new IllegalArgumentException("unknown feature value format");
        }
        return p;
    }
}
