package io.streamrank.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small synthetic clickstream in the Taobao CSV shape with the structure real shoppers show: each user browses a
 * couple of favourite categories in short sessions, items within a category are skewed in popularity. Item ids are
 * {@code category * 1000 + n}, so a test can tell an item's category from its id.
 */
final class ShopperFixture {

    static final int USERS = 300;
    static final int CATEGORIES = 30;
    static final int ITEMS_PER_CATEGORY = 40;
    static final long FIRST_CATEGORY = 101;

    private ShopperFixture() {
    }

    static long categoryOf(long itemId) {
        return itemId / 1000;
    }

    static Path write(Path file, long seed) throws IOException {
        Random random = new Random(seed);
        long start = 1_511_661_600L; // 2017-11-26 02:00 UTC, like the Taobao time slice
        List<long[]> rows = new ArrayList<>();
        for (long user = 1; user <= USERS; user++) {
            long[] favourites = {FIRST_CATEGORY + random.nextInt(CATEGORIES), FIRST_CATEGORY + random.nextInt(CATEGORIES)};
            long t = start + random.nextInt(3_600);
            int events = 20 + random.nextInt(20);
            long category = favourites[0];
            for (int i = 0; i < events; i++) {
                if (random.nextDouble() < 0.15) {
                    category = random.nextDouble() < 0.7 ? favourites[random.nextInt(2)]
                            : FIRST_CATEGORY + random.nextInt(CATEGORIES);
                }
                // Popularity skew: low item numbers are clicked far more often.
                int n = (int) Math.min(ITEMS_PER_CATEGORY - 1, Math.floor(Math.abs(random.nextGaussian()) * 8));
                long item = category * 1000 + n;
                double r = random.nextDouble();
                int behaviour = r < 0.85 ? 0 : r < 0.93 ? 1 : r < 0.97 ? 2 : 3;
                rows.add(new long[] {user, item, category, behaviour, t});
                t += 5 + random.nextInt(90);
            }
        }
        rows.sort((a, b) -> Long.compare(a[4], b[4]));
        String[] behaviours = {"pv", "cart", "fav", "buy"};
        List<String> lines = rows.stream()
                .map(r -> r[0] + "," + r[1] + "," + r[2] + "," + behaviours[(int) r[3]] + "," + r[4]).toList();
        Files.write(file, lines);
        return file;
    }
}
