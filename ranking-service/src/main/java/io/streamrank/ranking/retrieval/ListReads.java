package io.streamrank.ranking.retrieval;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.streamrank.ranking.features.ItemValues;
import io.streamrank.ranking.features.RedisConnection;
import io.streamrank.ranking.features.RedisRound;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The list reads of one request ({@link RetrievalStore#read}): cached lists at once, the others in one lazily opened
 * round, to which {@link #readAhead} can add the values of other candidates before {@link #get()} awaits it; refreshes
 * of the stale lists this request claimed go in another round, deferred to the next one any request sends (ADR 47).
 * A list read in the request brings its members' item values and catalog entries along (ADR 48).
 */
final class ListReads implements Supplier<RetrievalStore.Lists> {

    /** Reads one list. */
    @FunctionalInterface
    interface ListCommand {
        RedisFuture<List<String>> apply(RedisClusterAsyncCommands<String, String> commands, String key);
    }

    private final RedisConnection redis;
    private final ListCache cache;
    private final JoinedLists joined;
    private final long nowNanos = System.nanoTime();
    private final List<Supplier<List<Long>>> coVisited = new ArrayList<>();
    private final List<Supplier<List<Long>>> trending = new ArrayList<>();
    private final List<Supplier<List<Long>>> fresh = new ArrayList<>();
    private Supplier<List<Long>> anywhere = List::of;
    private final List<Runnable> afterAwait = new ArrayList<>(2);
    /** Stale lists this request uses: their members' values may have run out before them (ADR 47's windows). */
    private final List<List<Long>> staleLists = new ArrayList<>();
    private RedisRound round;
    private RedisRound refreshes;

    ListReads(RedisConnection redis, ListCache cache, JoinedLists joined) {
        this.redis = redis;
        this.cache = cache;
        this.joined = joined;
    }

    /**
     * When lists are being read from Redis, adds to their round the item values and catalog entries of those of the
     * first {@code n} ids, and of the members of the stale lists this request uses, that are not cached (fresh or
     * stale): candidates which would otherwise cost a round of their own after this one. Without a list round nothing
     * is added: the request's feature lookup reads what is missing in one round, as before.
     */
    void readAhead(long[] ids, int n) {
        if (round == null) {
            return;
        }
        long[] all = ids;
        int count = n;
        if (!staleLists.isEmpty()) {
            // A stale list outlives the values read with it by its longer TTL: a member's value can be gone.
            for (List<Long> l : staleLists) {
                count += l.size();
            }
            all = Arrays.copyOf(ids, count);
            int at = n;
            for (List<Long> l : staleLists) {
                for (int i = 0; i < l.size(); i++) {
                    all[at++] = l.get(i);
                }
            }
        }
        for (ItemValues v : joined.values()) {
            Runnable put = v.readAhead(round, all, count);
            if (put != null) {
                afterAwait.add(put);
            }
        }
    }

    /** Awaits the round, if any; the lists, with the values read ahead cached. */
    @Override
    public RetrievalStore.Lists get() {
        if (round != null) {
            round.await();
            afterAwait.forEach(Runnable::run);
        }
        return new RetrievalStore.Lists(each(coVisited), each(trending), each(fresh), anywhere.get(), round != null);
    }

    /**
     * A trigger item's co-visitation list, the next of {@link RetrievalStore.Lists#coVisited()}: its first
     * {@code limit} members, from a read of up to {@code readLimit} ({@code command} reads that many).
     */
    void coVisited(String key, int limit, int readLimit, ListCommand command) {
        coVisited.add(list(key, limit, readLimit, false, command));
    }

    /** A category's trending list, the next of {@link RetrievalStore.Lists#trending()}. */
    void trending(String key, int limit, ListCommand command) {
        trending.add(list(key, limit, limit, false, command));
    }

    /** A category's new items within the window, the next of {@link RetrievalStore.Lists#newInCategories()}. */
    void newInCategory(String key, int limit, ListCommand command) {
        fresh.add(list(key, limit, limit, true, command));
    }

    /** The new items of all categories within the window. */
    void newAnywhere(String key, int limit, ListCommand command) {
        anywhere = list(key, limit, limit, true, command);
    }

    /**
     * One list's first {@code limit} members: cached, or read up to {@code readLimit} in this request's round. Lists
     * are cached by key whatever the limit (ADR 57): a request that wants fewer members than were read takes the first
     * ones.
     *
     * @param windowed whether the command asks for a score range (new items: listed within the window)
     */
    private Supplier<List<Long>> list(String key, int limit, int readLimit, boolean windowed, ListCommand command) {
        ListCache.Listed cached = cache.find(key, limit, nowNanos);
        if (cached != null) {
            if (cache.isStale(cached, nowNanos)) {
                staleLists.add(cached.ids(limit));
                if (cached.claimRefresh()) {
                    refresh(cached, key, readLimit, command);
                }
            }
            return () -> cached.ids(limit);
        }
        if (round == null) {
            round = redis.round();
        }
        boolean join = joined.any();
        RedisRound.Reply<List<String>> reply = round.addRead(c -> join && !windowed
                ? joined.read(c, key, readLimit) : command.apply(c, key), List.of());
        // SORT cannot ask for a score range: a windowed list's members come from its own command, and their values
        // from a SORT of the newest `limit` members, of which they are the first ones.
        RedisRound.Reply<List<String>> values = join && windowed
                ? round.addRead(c -> joined.read(c, key, readLimit), List.of()) : null;
        return () -> {
            List<Long> ids;
            // When the replies were read, not now: Redis may have announced a change since (ADR 56).
            if (join && !windowed) {
                ids = joined.members(reply.get(), reply.readAtNanos());
            } else {
                ids = ids(reply.get());
                if (values != null) {
                    joined.members(values.get(), values.readAtNanos());
                }
            }
            cache.put(key, ids, readLimit, reply.readAtNanos());
            return ListCache.first(ids, limit);
        };
    }

    /** Sends the round, if any: written now, so that the caller's in-process work overlaps it. */
    void send() {
        if (round != null) {
            round.send();
        }
    }

    /** Hands the claimed refreshes to the next round any request sends (this one's, if it has one). */
    void deferRefreshes() {
        if (refreshes != null) {
            refreshes.defer();
        }
    }

    private void refresh(ListCache.Listed claimed, String key, int readLimit, ListCommand command) {
        if (refreshes == null) {
            try {
                refreshes = redis.round();
            } catch (RuntimeException e) {
                claimed.releaseRefresh(); // else the list would stay unrefreshed for the whole serve-stale window
                throw e;
            }
        }
        refreshes.addRefresh(c -> command.apply(c, key), members -> {
            List<Long> ids = ids(members);
            // On the event loop, in order with Redis's invalidations (ADR 56): now is when the reply was read.
            cache.put(key, ids, readLimit, System.nanoTime());
            // Members new to the list whose values no request read lately: read in the background too, so that the
            // request that next uses the list finds them (ADR 48).
            joined.readInBackground(ids);
        }, claimed::releaseRefresh);
    }

    private static List<List<Long>> each(List<Supplier<List<Long>>> lists) {
        List<List<Long>> out = new ArrayList<>(lists.size());
        lists.forEach(l -> out.add(l.get()));
        return out;
    }

    static List<Long> ids(List<String> members) {
        long[] out = new long[members.size()];
        int n = 0;
        for (String m : members) {
            try {
                out[n] = Long.parseLong(m);
                n++;
            } catch (NumberFormatException e) {
                // a foreign member in one of our sets is ignored rather than failing the request
            }
        }
        return IdList.of(out, n);
    }
}
