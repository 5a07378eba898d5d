package io.streamrank.local;

import io.streamrank.contract.event.ClickEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo shop's catalog, written as the service's start-up CSV: every item of the data files with its category,
 * listed {@link #LISTED_AGO} before start-up (so none is boosted or retrieved as new). Without it a candidate with no
 * live features (most of the model's items: the replay covers one day) was scored with category 0, which training
 * never sees, since the trainer knows every item's category from its events.
 */
final class DemoCatalog {

    static final long LISTED_AGO_MS = 30L * 24 * 3600 * 1000;

    private DemoCatalog() {
    }

    /**
     * Writes {@code itemId,categoryId,createdAt,available,price,title} rows for the items of {@code sources} (an item
     * seen in several categories keeps its last one) and returns how many.
     */
    static int write(Path csv, long now, List<List<ClickEvent>> sources) throws IOException {
        Map<Long, Long> categories = new TreeMap<>();
        for (List<ClickEvent> events : sources) {
            for (ClickEvent e : events) {
                categories.put(e.itemId(), e.categoryId());
            }
        }
        long createdAt = now - LISTED_AGO_MS;
        Files.createDirectories(csv.toAbsolutePath().getParent());
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("itemId,categoryId,createdAt,available,price,title\n");
            for (Map.Entry<Long, Long> item : categories.entrySet()) {
                out.write(item.getKey() + "," + item.getValue() + "," + createdAt + ",true,,\n");
            }
        }
        return categories.size();
    }
}
