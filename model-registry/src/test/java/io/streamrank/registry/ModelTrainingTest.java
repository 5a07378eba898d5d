package io.streamrank.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTrainingTest {

    @Test
    void anItemIsExportedWithTheCategoryOfItsLatestTrainingEvent() {
        List<ClickEvent> byTime = List.of(
                new ClickEvent("a", 1, 100, 7, EventType.CLICK, 1_000),
                new ClickEvent("b", 2, 200, 8, EventType.CLICK, 2_000),
                new ClickEvent("c", 1, 100, 9, EventType.BUY, 3_000));

        assertThat(ModelTraining.latestCategories(byTime)).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of(100L, 9L, 200L, 8L));
    }
}
