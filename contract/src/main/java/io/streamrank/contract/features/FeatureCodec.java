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
 * user activity: 1|asOf|updatedAt|lastEventAt|counts5m|counts1h|counts24h|cat:count,...
 * item stats:    1|asOf|updatedAt|categoryId|counts1h|counts24h|ctr|cvr|trending
 * </pre>
 *
 * <p>{@code counts} are {@code impressions,clicks,carts,favs,buys}. Each format is versioned on its own and lives
 * under its own key, so a reader that knows only the first two never sees the others.
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

    public static String encodeUserActivity(UserActivity a) {
        StringBuilder sb = new StringBuilder(96);
        sb.append(VERSION).append('|').append(a.asOf()).append('|').append(a.updatedAt()).append('|')
                .append(a.lastEventAt()).append('|');
        counts(sb, a.last5m()).append('|');
        counts(sb, a.last1h()).append('|');
        counts(sb, a.last24h()).append('|');
        long[] cats = a.categoryCounts1h().keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        for (int i = 0; i < cats.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(cats[i]).append(':').append(a.categoryCounts1h().get(cats[i]));
        }
        return sb.toString();
    }

    /** @throws IllegalArgumentException if the value is not a user activity value of a known version */
    public static UserActivity decodeUserActivity(String value) {
        String[] p = split(value, 8);
        try {
            Map<Long, Integer> cats = new HashMap<>();
            if (!p[7].isEmpty()) {
                for (String e : p[7].split(",")) {
                    int colon = e.indexOf(':');
                    cats.put(Long.parseLong(e.substring(0, colon)), Integer.parseInt(e.substring(colon + 1)));
                }
            }
            return new UserActivity(Long.parseLong(p[3]), counts(p[4]), counts(p[5]), counts(p[6]), cats,
                    Long.parseLong(p[1]), Long.parseLong(p[2]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("corrupt user activity value", e);
        }
    }

    public static String encodeItemStats(ItemStats s) {
        StringBuilder sb = new StringBuilder(80);
        sb.append(VERSION).append('|').append(s.asOf()).append('|').append(s.updatedAt()).append('|')
                .append(s.categoryId()).append('|');
        counts(sb, s.last1h()).append('|');
        counts(sb, s.last24h()).append('|');
        sb.append(round(s.ctr())).append('|').append(round(s.cvr())).append('|').append(round(s.trending()));
        return sb.toString();
    }

    /** @throws IllegalArgumentException if the value is not an item stats value of a known version */
    public static ItemStats decodeItemStats(String value) {
        String[] p = split(value, 9);
        try {
            return new ItemStats(Long.parseLong(p[3]), counts(p[4]), counts(p[5]), Double.parseDouble(p[6]),
                    Double.parseDouble(p[7]), Double.parseDouble(p[8]), Long.parseLong(p[1]), Long.parseLong(p[2]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("corrupt item stats value", e);
        }
    }

    private static StringBuilder counts(StringBuilder sb, BehaviourCounts c) {
        return sb.append(c.impressions()).append(',').append(c.clicks()).append(',').append(c.carts()).append(',')
                .append(c.favs()).append(',').append(c.buys());
    }

    private static BehaviourCounts counts(String s) {
        String[] c = s.split(",", -1);
        if (c.length != 5) {
            throw new IllegalArgumentException("expected 5 behaviour counts");
        }
        return new BehaviourCounts(Integer.parseInt(c[0]), Integer.parseInt(c[1]), Integer.parseInt(c[2]),
                Integer.parseInt(c[3]), Integer.parseInt(c[4]));
    }

    /** Six decimals are plenty for rates and scores and keep values short and stable. */
    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
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
