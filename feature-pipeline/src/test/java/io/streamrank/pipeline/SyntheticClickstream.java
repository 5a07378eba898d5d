package io.streamrank.pipeline;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A reproducible recorded clickstream for tests: shoppers browse in sessions (a few items of one category, then
 * another), popular items are much more popular than the rest, every behaviour occurs, timestamps are strictly
 * increasing milliseconds. The same seed always gives the same events.
 */
final class SyntheticClickstream {

    private SyntheticClickstream() {
    }

    static List<ClickEvent> generate(long seed, int events, long start, long spanMs) {
        Random r = new Random(seed);
        int users = Math.max(20, events / 15);
        int categories = 40;
        int itemsPerCategory = 60;
        long[] sessionCategory = new long[users];
        List<ClickEvent> out = new ArrayList<>(events);
        long step = Math.max(2, spanMs / events);
        long t = start;
        for (int n = 0; n < events; n++) {
            t += 1 + r.nextInt((int) (2 * step - 1));
            int u = (int) Math.min(users - 1, Math.floor(Math.pow(r.nextDouble(), 2) * users));
            if (sessionCategory[u] == 0 || r.nextDouble() < 0.15) {
                sessionCategory[u] = 1 + r.nextInt(categories);
            }
            long cat = sessionCategory[u];
            int rank = (int) Math.min(itemsPerCategory - 1, Math.floor(Math.pow(r.nextDouble(), 3) * itemsPerCategory));
            long item = cat * 1_000 + rank;
            double p = r.nextDouble();
            EventType type = p < 0.3 ? EventType.IMPRESSION : p < 0.8 ? EventType.CLICK : p < 0.88 ? EventType.CART
                    : p < 0.94 ? EventType.FAV : EventType.BUY;
            out.add(new ClickEvent("s" + seed + "-" + n, 1_000L + u, item, cat, type, t));
        }
        return out;
    }
}
