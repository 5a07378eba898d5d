package io.streamrank.pipeline;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.sync.RedisCommands;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.ItemStats;
import io.streamrank.contract.features.UserActivity;
import io.streamrank.contract.features.UserFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Everything the feature job left under a key prefix, decoded and normalized for comparison: values without the two
 * timestamps of the write ({@code asOf}, {@code updatedAt}), maps sorted, sorted sets as member=score lists, and
 * without the popularity sets' owner keys ({@code run:}). Keys are given without the prefix.
 */
final class FeatureSnapshot {

    private FeatureSnapshot() {
    }

    static Map<String, String> read(RedisCommands<String, String> redis, String prefix) {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1_000));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        Map<String, String> out = new TreeMap<>();
        for (String key : keys) {
            String name = key.substring(prefix.length());
            if (name.startsWith("run:")) {
                continue;                      // which job run owns a popularity set: bookkeeping, differs per run
            }
            if (redis.type(key).equals("zset")) {
                List<ScoredValue<String>> members = redis.zrangeWithScores(key, 0, -1);
                out.put(name, members.stream().map(m -> m.getValue() + "=" + m.getScore()).sorted()
                        .collect(Collectors.joining(",")));
            } else {
                String value = redis.get(key);
                if (value != null) {
                    out.put(name, normalize(name, value));
                }
            }
        }
        return out;
    }

    /** Keys whose values differ ({@code key: expected <> actual}), for a readable failure message. */
    static List<String> differences(Map<String, String> expected, Map<String, String> actual) {
        java.util.Set<String> keys = new java.util.TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        return keys.stream().filter(k -> !java.util.Objects.equals(expected.get(k), actual.get(k)))
                .map(k -> k + ": " + expected.get(k) + " <> " + actual.get(k)).toList();
    }

    /** The value of key {@code name} (no prefix) without its write timestamps. */
    static String normalize(String name, String value) {
        if (name.startsWith("u:")) {
            UserFeatures f = FeatureCodec.decodeUser(value);
            return "recent=" + f.recent() + " cat5m=" + new TreeMap<>(f.categoryCounts5m()) + " last="
                    + f.lastEventAt();
        }
        if (name.startsWith("ua:")) {
            UserActivity a = FeatureCodec.decodeUserActivity(value);
            return a.last5m() + " " + a.last1h() + " " + a.last24h() + " cat1h=" + new TreeMap<>(a.categoryCounts1h())
                    + " last=" + a.lastEventAt();
        }
        if (name.startsWith("i:")) {
            ItemFeatures f = FeatureCodec.decodeItem(value);
            return "cat=" + f.categoryId() + " clicks1h=" + f.clicks1h();
        }
        if (name.startsWith("is:")) {
            ItemStats s = FeatureCodec.decodeItemStats(value);
            return "cat=" + s.categoryId() + " " + s.last1h() + " " + s.last24h() + " ctr=" + s.ctr() + " cvr="
                    + s.cvr() + " trending=" + s.trending();
        }
        return value;
    }
}
