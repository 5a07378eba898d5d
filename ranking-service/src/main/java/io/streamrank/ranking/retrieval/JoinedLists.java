package io.streamrank.ranking.retrieval;

import io.lettuce.core.SortArgs;
import io.streamrank.ranking.features.ItemValues;
import java.util.List;

/**
 * A sorted-set list read together with its members' values in one command (ADR 48):
 * {@code SORT key BY nosort DESC LIMIT 0 n GET # GET <pattern>…}. With {@code BY nosort} Redis returns a sorted set's
 * members in the set's own order, so {@code DESC LIMIT 0 n} is {@code ZREVRANGE key 0 n-1}, and each {@code GET}
 * pattern looks up one key per member on the server. Needs a standalone or master-replica Redis: a Redis Cluster
 * refuses {@code GET} patterns whose keys may live in other slots.
 */
final class JoinedLists {

    /** The caches the values go to, those enabled, in the order of the {@code GET} patterns. */
    private final List<ItemValues> values;

    JoinedLists(List<ItemValues> itemValues) {
        this.values = itemValues.stream().filter(ItemValues::cached).toList();
    }

    boolean any() {
        return !values.isEmpty();
    }

    List<ItemValues> values() {
        return values;
    }

    SortArgs args(int limit) {
        SortArgs args = SortArgs.Builder.by("nosort").desc().limit(0, limit).get("#");
        for (ItemValues v : values) {
            args.get(v.keyPattern());
        }
        return args;
    }

    /** The members of a reply to {@link #args}, best first; their values are handed to the caches. */
    List<Long> members(List<String> reply) {
        int stride = 1 + values.size();
        int rows = reply.size() / stride;
        long[] ids = new long[rows];
        String[][] columns = new String[values.size()][rows];
        int n = 0;
        for (int r = 0; r < rows; r++) {
            int at = r * stride;
            try {
                ids[n] = Long.parseLong(reply.get(at));
            } catch (NumberFormatException e) {
                continue; // a foreign member in one of our sets is ignored rather than failing the request
            }
            for (int v = 0; v < values.size(); v++) {
                columns[v][n] = reply.get(at + 1 + v);
            }
            n++;
        }
        long readAt = System.nanoTime();
        for (int v = 0; v < values.size(); v++) {
            values.get(v).joined(ids, columns[v], n, readAt);
        }
        return IdList.of(ids, n);
    }
}
