package io.streamrank.ranking.warmup;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.streamrank.ranking.features.RedisConnection;
import io.streamrank.ranking.features.RedisRound;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A bounded walk of the feature store's keys with {@code SCAN}, for the start-up warm-up: {@code COUNT} 1,000 per call,
 * one call per round, at most a given number of calls. One Redis server only: a Redis Cluster's {@code SCAN} is per
 * node.
 */
final class KeyScan {

    /** Keys Redis looks at per call. */
    static final int COUNT = 1000;
    private static final Duration BUDGET = Duration.ofSeconds(2);

    private KeyScan() {
    }

    /**
     * Hands every key matching {@code pattern} to {@code take} until it returns {@code false}, the keyspace is walked
     * or {@code maxCalls} calls were made.
     *
     * @throws io.streamrank.ranking.features.FeatureStoreUnavailableException when Redis does not answer
     */
    static void walk(RedisConnection redis, String pattern, int maxCalls, Predicate<String> take) {
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(COUNT);
        ScanCursor cursor = ScanCursor.INITIAL;
        for (int calls = 0; calls < maxCalls; calls++) {
            RedisRound round = redis.round(BUDGET);
            ScanCursor at = cursor;
            RedisRound.Reply<KeyScanCursor<String>> reply = round.add(c -> c.scan(at, args));
            round.await();
            KeyScanCursor<String> page = reply.get();
            for (String key : page.getKeys()) {
                if (!take.test(key)) {
                    return;
                }
            }
            if (page.isFinished()) {
                return;
            }
            cursor = page;
        }
    }
}
