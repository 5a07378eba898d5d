package io.streamrank.bench;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.TaobaoCsv;
import io.streamrank.contract.model.ItemEmbeddings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** What the benchmark derives from the replayed Taobao events: catalog entries, users to ask for, embeddings. */
final class BenchData {

    private static final long DAY = Duration.ofDays(1).toMillis();

    private BenchData() {
    }

    /** Each item's category as last seen in the events. */
    static Map<Long, Long> itemCategories(List<ClickEvent> events) {
        Map<Long, Long> out = new HashMap<>();
        events.forEach(e -> out.put(e.itemId(), e.categoryId()));
        return out;
    }

    /** Each item's category as last seen in a Taobao CSV (user,item,category,behaviour,seconds); bad rows skipped. */
    static Map<Long, Long> itemCategories(Path csv) throws IOException {
        Map<Long, Long> out = new HashMap<>();
        try (var lines = Files.lines(csv)) {
            lines.forEach(line -> TaobaoCsv.parse(line).ifPresent(e -> out.put(e.itemId(), e.categoryId())));
        }
        return out;
    }

    /** The distinct users, shuffled (fixed seed) so consecutive requests hit different users. */
    static List<Long> users(List<ClickEvent> events) {
        List<Long> users = new ArrayList<>(new LinkedHashSet<>(events.stream().map(ClickEvent::userId).toList()));
        Collections.shuffle(users, new Random(17));
        return users;
    }

    /**
     * The item and category of each replayed click ({@code --pages mixed}), shuffled with a fixed seed so that runs
     * ask for the same pages: popular items come up as often as shoppers clicked them.
     */
    static List<long[]> pageClicks(List<ClickEvent> events) {
        List<long[]> out = new ArrayList<>(events.size());
        events.forEach(e -> out.add(new long[] {e.itemId(), e.categoryId()}));
        Collections.shuffle(out, new Random(19));
        return out;
    }

    /**
     * Catalog upsert bodies of at most 1,000 items: about 2 % listed within the last 48 h (new), 1 % unavailable,
     * the rest listed 30 to 90 days ago. Decided per item by a seeded generator, so runs are comparable.
     */
    static List<String> catalogBatches(Map<Long, Long> categories, long now) {
        Random random = new Random(23);
        List<String> batches = new ArrayList<>();
        StringBuilder sb = null;
        int n = 0;
        for (Map.Entry<Long, Long> e : categories.entrySet()) {
            if (n % 1000 == 0) {
                if (sb != null) {
                    batches.add(sb.append("]}").toString());
                }
                sb = new StringBuilder(80_000).append("{\"items\":[");
            } else {
                sb.append(',');
            }
            double r = random.nextDouble();
            long createdAt = r < 0.02 ? now - (long) (random.nextDouble() * 2 * DAY)
                    : now - 30 * DAY - (long) (random.nextDouble() * 60 * DAY);
            boolean available = random.nextDouble() >= 0.01;
            sb.append("{\"itemId\":").append(e.getKey()).append(",\"categoryId\":").append(e.getValue())
                    .append(",\"createdAt\":").append(createdAt).append(",\"available\":").append(available)
                    .append('}');
            n++;
        }
        if (sb != null) {
            batches.add(sb.append("]}").toString());
        }
        return batches;
    }

    /**
     * Item embeddings in the exporter's format for models that ship none: each category a random direction, each
     * item its category's direction plus noise. They make the HNSW cost real (same index size and dimension as real
     * embeddings would give); they say nothing about retrieval quality.
     */
    static void writeSyntheticEmbeddings(Path file, Map<Long, Long> categories, int dim) throws IOException {
        Random random = new Random(29);
        Map<Long, float[]> centres = new HashMap<>();
        long[] ids = new long[categories.size()];
        float[] vectors = new float[categories.size() * dim];
        int i = 0;
        for (Map.Entry<Long, Long> e : categories.entrySet()) {
            float[] c = centres.computeIfAbsent(e.getValue(), k -> {
                float[] v = new float[dim];
                for (int d = 0; d < dim; d++) {
                    v[d] = (float) random.nextGaussian();
                }
                return v;
            });
            ids[i] = e.getKey();
            for (int d = 0; d < dim; d++) {
                vectors[i * dim + d] = c[d] + 0.3f * (float) random.nextGaussian();
            }
            i++;
        }
        new ItemEmbeddings(ids, vectors, dim).write(file);
    }
}
