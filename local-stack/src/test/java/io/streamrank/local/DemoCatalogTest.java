package io.streamrank.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCatalogTest {

    @TempDir
    Path dir;

    @Test
    void everyItemOfTheDataIsListedOnceWithItsCategoryAMonthBeforeStartUp() throws Exception {
        long now = 1_764_000_000_000L;
        List<ClickEvent> replay = List.of(new ClickEvent("a", 1, 30, 7, EventType.CLICK, 1),
                new ClickEvent("b", 2, 10, 5, EventType.BUY, 2));
        List<ClickEvent> train = List.of(new ClickEvent("c", 3, 10, 5, EventType.CLICK, 3),
                new ClickEvent("d", 3, 20, 6, EventType.CART, 4));
        Path csv = dir.resolve("catalog.csv");

        assertThat(DemoCatalog.write(csv, now, List.of(replay, train))).isEqualTo(3);

        long listed = now - DemoCatalog.LISTED_AGO_MS;
        assertThat(Files.readAllLines(csv)).containsExactly(
                "itemId,categoryId,createdAt,available,price,title",
                "10,5," + listed + ",true,,",
                "20,6," + listed + ",true,,",
                "30,7," + listed + ",true,,");
    }
}
