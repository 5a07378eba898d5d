package io.streamrank.bench;

import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.contract.model.FeatureVectorizer;
import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.contract.model.ModelSignature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** {@code bin/bench-scoring}'s first part: building one request's model rows, the service's way against the reference. */
final class RowBuilding {

    private RowBuilding() {
    }

    /**
     * The model rows of one request, in this process: through {@link ModelInputBatch#add} as the service builds them
     * (the user's side computed once per request) against {@link FeatureVectorizer#row} per candidate (the reference,
     * which scans the recent items for each), in alternating rounds; medians of 20 rounds after 30 of warm-up.
     */
    static void compare(int rows) {
        long now = System.currentTimeMillis();
        Random random = new Random(3);
        List<RecentItem> recent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            recent.add(new RecentItem(random.nextInt(5_000_000), random.nextInt(9_000), EventType.CLICK,
                    now - i * 60_000L));
        }
        UserFeatures user = new UserFeatures(recent, Map.of(recent.get(0).categoryId(), 3), now, now, now);
        long[] ids = new long[rows];
        long[] categories = new long[rows];
        ItemFeatures[] items = new ItemFeatures[rows];
        for (int i = 0; i < rows; i++) {
            // Some candidates are recent items or of recent categories, as on a real page.
            ids[i] = i % 20 == 0 ? recent.get(i % 50).itemId() : random.nextInt(5_000_000);
            categories[i] = i % 5 == 0 ? recent.get(i % 50).categoryId() : random.nextInt(9_000);
            items[i] = new ItemFeatures(categories[i], random.nextInt(50), now, now);
        }
        float[] out = new float[rows * ModelSignature.FEATURE_COUNT];
        double[][] micros = new double[2][20];
        float sink = 0;
        // Each way in its own method, called per round: compiled as a whole, not on-stack-replaced mid-loop (which
        // timed the first way 3x slower than its steady state).
        for (int round = -30; round < 20; round++) {
            long t0 = System.nanoTime();
            sink += serviceRows(user, items, ids, categories, now);
            long t1 = System.nanoTime();
            sink += scannedRows(user, items, ids, categories, now, out);
            long t2 = System.nanoTime();
            if (round >= 0) {
                micros[0][round] = (t1 - t0) / 1e3 / ROW_REQUESTS;
                micros[1][round] = (t2 - t1) / 1e3 / ROW_REQUESTS;
            }
        }
        Arrays.sort(micros[0]);
        Arrays.sort(micros[1]);
        System.out.printf("model rows of one request (%d candidates, 50 recent items): %.1f µs as the service builds"
                + " them, %.1f µs scanning per candidate (ratio %.2f)%s%n", rows, micros[0][10], micros[1][10],
                micros[0][10] / micros[1][10], sink < 0 ? "" : "");
    }

    private static final int ROW_REQUESTS = 200;

    private static float serviceRows(UserFeatures user, ItemFeatures[] items, long[] ids, long[] categories,
                                     long now) {
        float sink = 0;
        for (int k = 0; k < ROW_REQUESTS; k++) {
            ModelInputBatch batch = new ModelInputBatch(ids.length);
            for (int i = 0; i < ids.length; i++) {
                batch.add(user, items[i], ids[i], categories[i], 42L, now);
            }
            sink += batch.size();
        }
        return sink;
    }

    private static float scannedRows(UserFeatures user, ItemFeatures[] items, long[] ids, long[] categories,
                                     long now, float[] out) {
        float sink = 0;
        for (int k = 0; k < ROW_REQUESTS; k++) {
            for (int i = 0; i < ids.length; i++) {
                FeatureVectorizer.row(user, items[i], ids[i], categories[i], now, out,
                        i * ModelSignature.FEATURE_COUNT);
            }
            sink += out[7];
        }
        return sink;
    }
}
