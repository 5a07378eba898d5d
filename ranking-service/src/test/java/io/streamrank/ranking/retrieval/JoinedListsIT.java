package io.streamrank.ranking.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.sync.RedisCommands;
import io.streamrank.ranking.features.ItemValues;
import io.streamrank.ranking.features.RedisRound;
import io.streamrank.testkit.RedisNamespace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A list read with its members' values in one SORT against the machine's real Redis (own prefix, removed after). */
class JoinedListsIT {

    private RedisNamespace ns;
    private String prefix;
    private RedisCommands<String, String> c;

    @BeforeEach
    void connect() {
        ns = new RedisNamespace("redis://127.0.0.1:6379", "join");
        prefix = ns.prefix();
        c = ns.commands();
    }

    @AfterEach
    void cleanUp() {
        ns.close();
    }

    @Test
    void theMembersComeInZrevrangeOrderTiesIncludedEachWithItsValuesOrNull() {
        String list = prefix + "cv:1";
        c.zadd(list, 9, "101");
        c.zadd(list, 5, "102");
        c.zadd(list, 5, "103");
        c.zadd(list, 5, "110");
        c.zadd(list, 1, "104");
        c.zadd(list, 7, "not-an-id");
        c.set(prefix + "i:101", "f101");
        c.set(prefix + "i:103", "f103");
        c.set(prefix + "cat:i:102", "c102");
        Recording features = new Recording(prefix + "i:*");
        Recording catalog = new Recording(prefix + "cat:i:*");
        JoinedLists joined = new JoinedLists(List.of(features, catalog), (readOnly, args) -> CompletableFuture.completedFuture(true));

        for (int limit : new int[] {2, 4, 6, 10}) {
            List<Long> members = joined.members(c.sort(list, joined.args(limit)), System.nanoTime());
            // SORT_RO, the form preferred where Redis 7 serves it (ADR 51), answers exactly as SORT.
            assertThat(c.sortReadOnly(list, joined.args(limit))).as("limit %d", limit)
                    .isEqualTo(c.sort(list, joined.args(limit)));

            List<Long> expected = c.zrevrange(list, 0, limit - 1).stream()
                    .filter(m -> !m.equals("not-an-id")).map(Long::valueOf).toList();
            assertThat(members).as("limit %d", limit).isEqualTo(expected);
        }
        assertThat(features.values).containsEntry(101L, "f101").containsEntry(103L, "f103")
                .containsEntry(102L, null).containsEntry(104L, null);
        assertThat(catalog.values).containsEntry(102L, "c102").containsEntry(101L, null);
    }

    @Test
    void aListRedisDoesNotHaveIsEmpty() {
        Recording features = new Recording(prefix + "i:*");
        JoinedLists joined = new JoinedLists(List.of(features), (readOnly, args) -> CompletableFuture.completedFuture(true));
        assertThat(joined.members(c.sort(prefix + "cv:none", joined.args(5)), System.nanoTime())).isEmpty();
        assertThat(features.values).isEmpty();
    }

    /** Keeps what a list read hands over, as the item-value caches would. */
    static final class Recording implements ItemValues {

        final Map<Long, String> values = new HashMap<>();
        final List<Long> askedInBackground = new ArrayList<>();
        private final String pattern;

        Recording(String pattern) {
            this.pattern = pattern;
        }

        @Override
        public boolean cached() {
            return true;
        }

        @Override
        public String keyPattern() {
            return pattern;
        }

        @Override
        public void joined(long[] itemIds, String[] values, int n, long readAtNanos) {
            for (int i = 0; i < n; i++) {
                this.values.put(itemIds[i], values[i]);
            }
        }

        @Override
        public Runnable readAhead(RedisRound round, long[] ids, int n) {
            throw new UnsupportedOperationException("not used by list reads");
        }

        @Override
        public void readInBackground(long[] ids, int n) {
            for (int i = 0; i < n; i++) {
                askedInBackground.add(ids[i]);
            }
        }

        @Override
        public int preloadItems(long[] ids, int batch) {
            throw new UnsupportedOperationException("not used by list reads");
        }
    }
}
