package io.streamrank.contract.features;

import io.streamrank.contract.event.ClickEvent;

/**
 * Per user: the last few interactions (item, time), newest first, from which co-visitation pairs are drawn. An
 * interaction with item B pairs B with every other item the user interacted with within
 * {@link FeatureNames#COVISIT_GAP} of it, among the last {@link FeatureNames#COVISIT_SESSION_ITEMS}. A Flink POJO.
 */
public final class SessionClicks {

    private static final long GAP_MS = FeatureNames.COVISIT_GAP.toMillis();

    public long[] items = new long[0];
    public long[] times = new long[0];
    public long maxTimestamp;

    public SessionClicks() {
    }

    /** A neighbour of the recorded interaction and the pair's time: the later of the two interactions'. */
    @FunctionalInterface
    public interface Pair {
        void accept(long neighbour, long at);
    }

    /**
     * Records an interaction and calls {@code neighbour} once per distinct other item within the gap, with the pair's
     * time: the later interaction's, whichever of the two arrived first, so that out-of-order events put a pair in the
     * same time bucket as in-order ones. Impressions are ignored. Repeating an item moves it to its new time instead of
     * keeping two entries.
     */
    public void add(ClickEvent e, Pair neighbour) {
        if (!e.type().isInteraction()) {
            return;
        }
        maxTimestamp = Math.max(maxTimestamp, e.timestamp());
        for (int i = 0; i < items.length; i++) {
            if (items[i] != e.itemId() && Math.abs(times[i] - e.timestamp()) <= GAP_MS) {
                neighbour.accept(items[i], Math.max(times[i], e.timestamp()));
            }
        }
        remove(e.itemId());
        int pos = 0;
        while (pos < times.length && times[pos] >= e.timestamp()) {
            pos++;
        }
        int max = FeatureNames.COVISIT_SESSION_ITEMS;
        if (pos >= max) {
            return;
        }
        int len = Math.min(items.length + 1, max);
        long[] it = new long[len];
        long[] ts = new long[len];
        System.arraycopy(items, 0, it, 0, pos);
        System.arraycopy(times, 0, ts, 0, pos);
        it[pos] = e.itemId();
        ts[pos] = e.timestamp();
        System.arraycopy(items, pos, it, pos + 1, len - pos - 1);
        System.arraycopy(times, pos, ts, pos + 1, len - pos - 1);
        items = it;
        times = ts;
    }

    /** True once nothing in the session can pair with an event at or after {@code t}. */
    public boolean expiredAt(long t) {
        return t > maxTimestamp + GAP_MS;
    }

    private void remove(long item) {
        for (int i = 0; i < items.length; i++) {
            if (items[i] == item) {
                long[] it = new long[items.length - 1];
                long[] ts = new long[items.length - 1];
                System.arraycopy(items, 0, it, 0, i);
                System.arraycopy(items, i + 1, it, i, items.length - i - 1);
                System.arraycopy(times, 0, ts, 0, i);
                System.arraycopy(times, i + 1, ts, i, times.length - i - 1);
                items = it;
                times = ts;
                return;
            }
        }
    }
}
