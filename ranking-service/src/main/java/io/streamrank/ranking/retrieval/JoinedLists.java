package io.streamrank.ranking.retrieval;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.SortArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.streamrank.ranking.features.ItemValues;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sorted-set list read together with its members' values in one command (ADR 48):
 * {@code SORT key BY nosort DESC LIMIT 0 n GET # GET <pattern>…}. With {@code BY nosort} Redis returns a sorted set's
 * members in the set's own order, so {@code DESC LIMIT 0 n} is {@code ZREVRANGE key 0 n-1}, and each {@code GET}
 * pattern looks up one key per member on the server. Needs a standalone or master-replica Redis: a Redis Cluster
 * refuses {@code GET} patterns whose keys may live in other slots, so there lists are read plainly from the start
 * (ADR 52). The read-only form {@code SORT_RO} (Redis 7) is
 * preferred: {@code SORT} is a write command (for {@code STORE}), so a replica refuses it and a read-only ACL denies
 * it, where {@code SORT_RO} is served (ADR 51). So the first request that would join asks Redis, without waiting,
 * whether it accepts {@code SORT_RO …}, and if it refuses (an older Redis, an ACL), {@code SORT …}; until one answer is
 * yes lists are read plainly, and if both are refused they stay so, logged once, instead of every request that reads
 * a list failing and answering degraded.
 */
final class JoinedLists {

    private static final Logger log = LoggerFactory.getLogger(JoinedLists.class);
    private static final int UNKNOWN = 0;
    private static final int READ_ONLY = 1;
    private static final int SORT = 2;
    private static final int REFUSED = 3;

    /** Asks Redis whether it accepts a joined read in one form. */
    @FunctionalInterface
    interface Probe {
        /**
         * @param readOnly {@code SORT_RO} when true, else {@code SORT}
         * @return true or false, or fails when Redis cannot tell now
         */
        CompletionStage<Boolean> accepts(boolean readOnly, SortArgs args);
    }

    /** The caches the values go to, those enabled, in the order of the {@code GET} patterns. */
    private final List<ItemValues> values;
    private final Probe accepts;
    private volatile int state = UNKNOWN;
    private final AtomicBoolean asking = new AtomicBoolean();

    JoinedLists(List<ItemValues> itemValues, Probe accepts) {
        this(itemValues, accepts, false);
    }

    /** @param cluster Redis is a Redis Cluster: nothing is asked, lists are read plainly (ADR 52) */
    JoinedLists(List<ItemValues> itemValues, Probe accepts, boolean cluster) {
        this.values = itemValues.stream().filter(ItemValues::cached).toList();
        this.accepts = accepts;
        if (cluster && !values.isEmpty()) {
            state = REFUSED;
            log.info("Redis Cluster: retrieval lists are read without their members' values (SORT … GET cannot join"
                    + " keys of other slots); the in-process candidates' values still ride the lists' round (ADR 52)");
        }
    }

    /**
     * Whether lists are read with their values: some cache takes them, and Redis said it accepts the command. Until
     * Redis has answered, lists are read plainly: the question is asked without waiting, so that a stalled Redis does
     * not cost a request a second timeout.
     */
    boolean any() {
        if (values.isEmpty()) {
            return false;
        }
        if (state == UNKNOWN && asking.compareAndSet(false, true)) {
            ask(true);
        }
        return state == READ_ONLY || state == SORT;
    }

    /** Asks about one form; a refused {@code SORT_RO} asks about {@code SORT} next. */
    private void ask(boolean readOnly) {
        accepts.accepts(readOnly, args(1)).whenComplete((ok, failure) -> {
            if (failure != null) {
                asking.set(false); // Redis could not tell: a later request asks again
            } else if (ok) {
                state = readOnly ? READ_ONLY : SORT;
                asking.set(false);
            } else if (readOnly) {
                ask(false);
            } else {
                state = REFUSED;
                asking.set(false);
                log.warn("Redis refused SORT_RO … GET and SORT … GET: retrieval lists are read without their members'"
                        + " values, which take a round of their own (streamrank.retrieval.read-ahead, ADR 48)");
            }
        });
    }

    /** Whether joined reads use {@code SORT_RO}; meaningful once {@link #any()} is true. */
    boolean readOnly() {
        return state == READ_ONLY;
    }

    /** The joined read of a list's first {@code limit} members, in the form Redis accepted; only when {@link #any()}. */
    RedisFuture<List<String>> read(RedisClusterAsyncCommands<String, String> commands, String key, int limit) {
        return state == READ_ONLY ? commands.sortReadOnly(key, args(limit)) : commands.sort(key, args(limit));
    }

    List<ItemValues> values() {
        return values;
    }

    /**
     * Reads, in the background (riding the next round any request sends), the values of those members that their
     * caches hold neither fresh nor stale: the new members of a list refreshed in the background (plain MGETs, so
     * whatever Redis answered about {@code SORT}).
     */
    void readInBackground(List<Long> members) {
        if (values.isEmpty() || members.isEmpty()) {
            return;
        }
        long[] ids = new long[members.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = members.get(i);
        }
        for (ItemValues v : values) {
            v.readInBackground(ids, ids.length);
        }
    }

    SortArgs args(int limit) {
        SortArgs args = SortArgs.Builder.by("nosort").desc().limit(0, limit).get("#");
        for (ItemValues v : values) {
            args.get(v.keyPattern());
        }
        return args;
    }

    /**
     * The members of a reply to {@link #args}, best first; their values are handed to the caches.
     *
     * @param readAtNanos when the reply was read ({@link io.streamrank.ranking.features.RedisRound.Reply#readAtNanos()})
     */
    List<Long> members(List<String> reply, long readAtNanos) {
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
        for (int v = 0; v < values.size(); v++) {
            values.get(v).joined(ids, columns[v], n, readAtNanos);
        }
        return IdList.of(ids, n);
    }
}
