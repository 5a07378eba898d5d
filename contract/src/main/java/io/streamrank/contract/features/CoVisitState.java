package io.streamrank.contract.features;

import java.util.ArrayList;
import java.util.List;

/**
 * Per item: how often each other item was interacted with close to it in one user's session, over a sliding 24-hour
 * window in 1-hour buckets. Entries are (neighbour, bucket, count), sorted by neighbour then bucket. Every neighbour in
 * the window is kept (up to {@link #MAX_TRACKED}, a safety cap), and {@link #top} picks the strongest by count then id,
 * so the published top list depends only on which co-visits happened, never on the order they arrived in. A Flink POJO.
 */
public final class CoVisitState {

    /** Neighbours tracked per item at most; beyond it the weakest is forgotten (arrival order then matters). */
    public static final int MAX_TRACKED = 1_000;

    private static final long BUCKET_MS = FeatureNames.COVISIT_BUCKET.toMillis();
    private static final long WINDOW_MS = FeatureNames.COVISIT_WINDOW.toMillis();

    public long[] neighbours = new long[0];
    public long[] starts = new long[0];
    public int[] counts = new int[0];

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
        int n = neighbours.length;
        int pos = 0;
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
        if (isNew && distinctNeighbours() > MAX_TRACKED) {
            List<long[]> all = scores(clock);
            all.sort((a, b) -> a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(b[0], a[0]));
            keepOnly(nb -> nb != all.get(0)[0]);
        }
        return true;
    }

    /** Drops buckets that left the window at {@code asOf}; true if anything was dropped. */
    public boolean evict(long asOf) {
        int keep = 0;
        for (long s : starts) {
            if (s > asOf - WINDOW_MS) {
                keep++;
            }
        }
        if (keep == starts.length) {
            return false;
        }
        long[] nb = new long[keep];
        long[] st = new long[keep];
        int[] c = new int[keep];
        int j = 0;
        for (int i = 0; i < starts.length; i++) {
            if (starts[i] > asOf - WINDOW_MS) {
                nb[j] = neighbours[i];
                st[j] = starts[i];
                c[j++] = counts[i];
            }
        }
        neighbours = nb;
        starts = st;
        counts = c;
        return true;
    }

    /**
     * Calls {@code out} with the {@code n} strongest neighbours at {@code asOf}: highest count first, ties broken by
     * the smaller id.
     */
    public void top(long asOf, int n, NeighbourScore out) {
        List<long[]> all = scores(asOf);
        all.sort((a, b) -> a[1] != b[1] ? Long.compare(b[1], a[1]) : Long.compare(a[0], b[0]));
        for (int i = 0; i < Math.min(n, all.size()); i++) {
            out.accept(all.get(i)[0], (int) all.get(i)[1]);
        }
    }

    public boolean isEmpty() {
        return neighbours.length == 0;
    }

    /** Receives one neighbour's score. */
    @FunctionalInterface
    public interface NeighbourScore {
        void accept(long neighbour, int count);
    }

    /** (neighbour, count in the window at {@code asOf}) for every neighbour with a count. */
    private List<long[]> scores(long asOf) {
        List<long[]> out = new ArrayList<>();
        int i = 0;
        while (i < neighbours.length) {
            long nb = neighbours[i];
            long sum = 0;
            while (i < neighbours.length && neighbours[i] == nb) {
                if (starts[i] > asOf - WINDOW_MS) {
                    sum += counts[i];
                }
                i++;
            }
            if (sum > 0) {
                out.add(new long[] {nb, sum});
            }
        }
        return out;
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

    private void keepOnly(java.util.function.LongPredicate keep) {
        int k = 0;
        for (long nb : neighbours) {
            if (keep.test(nb)) {
                k++;
            }
        }
        long[] nb = new long[k];
        long[] st = new long[k];
        int[] c = new int[k];
        int j = 0;
        for (int i = 0; i < neighbours.length; i++) {
            if (keep.test(neighbours[i])) {
                nb[j] = neighbours[i];
                st[j] = starts[i];
                c[j++] = counts[i];
            }
        }
        neighbours = nb;
        starts = st;
        counts = c;
    }

    private static long[] insert(long[] a, int pos, long v) {
        long[] out = new long[a.length + 1];
        System.arraycopy(a, 0, out, 0, pos);
        out[pos] = v;
        System.arraycopy(a, pos, out, pos + 1, a.length - pos);
        return out;
    }
}
