package io.streamrank.contract.features;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Per item: how often each other item was interacted with close to it in one user's session, over a sliding 24-hour
 * window in 1-hour buckets. Entries are (neighbour, bucket, count), sorted by neighbour then bucket. At most
 * {@link FeatureNames#COVISIT_MAX_NEIGHBOURS} neighbours are kept; when a new one would exceed that, the weakest goes
 * (lowest count, then oldest, then smallest id) and is remembered in {@link #removed} until the next write, so the
 * Redis set can drop it too. A Flink POJO.
 */
public final class CoVisitState {

    private static final long BUCKET_MS = FeatureNames.COVISIT_BUCKET.toMillis();
    private static final long WINDOW_MS = FeatureNames.COVISIT_WINDOW.toMillis();

    public long[] neighbours = new long[0];
    public long[] starts = new long[0];
    public int[] counts = new int[0];
    /** Neighbours dropped since the last {@link #drainRemoved()}. */
    public long[] removed = new long[0];

    public CoVisitState() {
    }

    public static long expiryOf(long t) {
        return Math.floorDiv(t, BUCKET_MS) * BUCKET_MS + WINDOW_MS;
    }

    /** Counts one co-visit with {@code neighbour} at {@code t}, unless its bucket left the window at {@code clock}. */
    public boolean add(long neighbour, long t, long clock) {
        long start = Math.floorDiv(t, BUCKET_MS) * BUCKET_MS;
        if (start <= clock - WINDOW_MS) {
            return false;
        }
        int pos = 0;
        int n = neighbours.length;
        while (pos < n && (neighbours[pos] < neighbour || (neighbours[pos] == neighbour && starts[pos] < start))) {
            pos++;
        }
        if (pos < n && neighbours[pos] == neighbour && starts[pos] == start) {
            counts[pos]++;
            return true;
        }
        boolean isNew = (pos == 0 || neighbours[pos - 1] != neighbour) && (pos == n || neighbours[pos] != neighbour);
        neighbours = insert(neighbours, pos, neighbour);
        starts = insert(starts, pos, start);
        int[] c = new int[n + 1];
        System.arraycopy(counts, 0, c, 0, pos);
        c[pos] = 1;
        System.arraycopy(counts, pos, c, pos + 1, n - pos);
        counts = c;
        if (isNew) {
            removed = without(removed, neighbour);
            if (distinctNeighbours() > FeatureNames.COVISIT_MAX_NEIGHBOURS) {
                dropNeighbour(weakest(clock));
            }
        }
        return true;
    }

    /** Drops buckets that left the window at {@code asOf}; neighbours left with nothing are removed. */
    public boolean evict(long asOf) {
        boolean changed = false;
        int i = 0;
        while (i < neighbours.length) {
            if (starts[i] <= asOf - WINDOW_MS) {
                long nb = neighbours[i];
                removeAt(i);
                changed = true;
                if ((i == neighbours.length || neighbours[i] != nb) && (i == 0 || neighbours[i - 1] != nb)) {
                    removed = with(removed, nb);
                }
            } else {
                i++;
            }
        }
        return changed;
    }

    /** Calls {@code out} with (neighbour, count over the window at {@code asOf}) for each neighbour, ascending id. */
    public void forEachScore(long asOf, NeighbourScore out) {
        int i = 0;
        while (i < neighbours.length) {
            long nb = neighbours[i];
            int sum = 0;
            while (i < neighbours.length && neighbours[i] == nb) {
                if (starts[i] > asOf - WINDOW_MS) {
                    sum += counts[i];
                }
                i++;
            }
            if (sum > 0) {
                out.accept(nb, sum);
            }
        }
    }

    /** The neighbours dropped since the last call; forgets them. */
    public long[] drainRemoved() {
        long[] out = removed;
        removed = new long[0];
        return out;
    }

    public boolean isEmpty() {
        return neighbours.length == 0;
    }

    /** Receives one neighbour's score. */
    @FunctionalInterface
    public interface NeighbourScore {
        void accept(long neighbour, int count);
    }

    private int distinctNeighbours() {
        int d = 0;
        for (int i = 0; i < neighbours.length; i++) {
            if (i == 0 || neighbours[i] != neighbours[i - 1]) {
                d++;
            }
        }
        return d;
    }

    private long weakest(long clock) {
        long[] best = {0L, Long.MAX_VALUE, Long.MAX_VALUE};
        forEachNeighbour(clock, (nb, sum, newest) -> {
            if (sum < best[1] || (sum == best[1] && newest < best[2])
                    || (sum == best[1] && newest == best[2] && nb < best[0])) {
                best[0] = nb;
                best[1] = sum;
                best[2] = newest;
            }
        });
        return best[0];
    }

    private interface NeighbourVisitor {
        void accept(long neighbour, long sum, long newestBucket);
    }

    private void forEachNeighbour(long clock, NeighbourVisitor v) {
        int i = 0;
        while (i < neighbours.length) {
            long nb = neighbours[i];
            long sum = 0;
            long newest = Long.MIN_VALUE;
            while (i < neighbours.length && neighbours[i] == nb) {
                if (starts[i] > clock - WINDOW_MS) {
                    sum += counts[i];
                }
                newest = Math.max(newest, starts[i]);
                i++;
            }
            v.accept(nb, sum, newest);
        }
    }

    private void dropNeighbour(long nb) {
        int i = 0;
        while (i < neighbours.length) {
            if (neighbours[i] == nb) {
                removeAt(i);
            } else {
                i++;
            }
        }
        removed = with(removed, nb);
    }

    private void removeAt(int i) {
        int n = neighbours.length;
        long[] nbs = new long[n - 1];
        long[] st = new long[n - 1];
        int[] c = new int[n - 1];
        System.arraycopy(neighbours, 0, nbs, 0, i);
        System.arraycopy(neighbours, i + 1, nbs, i, n - i - 1);
        System.arraycopy(starts, 0, st, 0, i);
        System.arraycopy(starts, i + 1, st, i, n - i - 1);
        System.arraycopy(counts, 0, c, 0, i);
        System.arraycopy(counts, i + 1, c, i, n - i - 1);
        neighbours = nbs;
        starts = st;
        counts = c;
    }

    private static long[] with(long[] set, long v) {
        for (long x : set) {
            if (x == v) {
                return set;
            }
        }
        long[] out = Arrays.copyOf(set, set.length + 1);
        out[set.length] = v;
        return out;
    }

    private static long[] without(long[] set, long v) {
        for (int i = 0; i < set.length; i++) {
            if (set[i] == v) {
                long[] out = new long[set.length - 1];
                System.arraycopy(set, 0, out, 0, i);
                System.arraycopy(set, i + 1, out, i, set.length - i - 1);
                return out;
            }
        }
        return set;
    }

    private static long[] insert(long[] a, int pos, long v) {
        long[] out = new long[a.length + 1];
        System.arraycopy(a, 0, out, 0, pos);
        out[pos] = v;
        System.arraycopy(a, pos, out, pos + 1, a.length - pos);
        return out;
    }
}
