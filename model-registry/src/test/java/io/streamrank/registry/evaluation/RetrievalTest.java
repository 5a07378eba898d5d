package io.streamrank.registry.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.contract.model.ItemEmbeddings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetrievalTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long MIN = 60_000L;

    private final ServedCoVisitation coVisits = new ServedCoVisitation();

    @Test
    void itemsClickedInOneSessionAreEachOthersServedCoVisitationNeighbours() {
        click(1, 10, T0);
        click(1, 11, T0 + 5 * MIN);

        assertThat(coVisits.neighbours(10, T0 + 6 * MIN, 50)).containsExactly(11L);
        assertThat(coVisits.neighbours(11, T0 + 6 * MIN, 50)).containsExactly(10L);
    }

    @Test
    void clicksFurtherApartThanTheSessionGapDoNotPair() {
        click(1, 10, T0);
        click(1, 11, T0 + 31 * MIN);

        assertThat(coVisits.neighbours(10, T0 + 32 * MIN, 50)).isEmpty();
    }

    @Test
    void aCoVisitLeavesTheListWithThe24HourWindow() {
        click(1, 10, T0);
        click(1, 11, T0 + MIN);

        assertThat(coVisits.neighbours(10, T0 + Duration.ofHours(23).toMillis(), 50)).containsExactly(11L);
        assertThat(coVisits.neighbours(10, T0 + Duration.ofHours(26).toMillis(), 50)).isEmpty();
    }

    @Test
    void theStrongerCoVisitedItemComesFirst() {
        click(1, 10, T0);
        click(1, 11, T0 + MIN);
        click(2, 10, T0 + 2 * MIN);
        click(2, 12, T0 + 3 * MIN);
        click(3, 10, T0 + 4 * MIN);
        click(3, 12, T0 + 5 * MIN);

        assertThat(coVisits.neighbours(10, T0 + 6 * MIN, 50)).containsExactly(12L, 11L);
        assertThat(coVisits.neighbours(10, T0 + 6 * MIN, 1)).containsExactly(12L);
    }

    @Test
    void equalCountsComeInTheOrderRedisReadsThemNotByNumericId() {
        // ZREVRANGE orders equal scores by the members' strings, descending: "9" before "13" before "12".
        click(1, 10, T0);
        click(1, 12, T0 + MIN);
        click(2, 10, T0 + 2 * MIN);
        click(2, 13, T0 + 3 * MIN);
        click(3, 10, T0 + 4 * MIN);
        click(3, 9, T0 + 5 * MIN);

        assertThat(coVisits.neighbours(10, T0 + 6 * MIN, 50)).containsExactly(9L, 13L, 12L);
        assertThat(LastHour.top(Map.of(12L, 2.0, 13L, 2.0, 9L, 2.0, 7L, 5.0), 3, null, new Catalog()))
                .containsExactly(7L, 9L, 13L);
    }

    @Test
    void retrievalListsNothingTwiceMergesEverySourceInTheServicesOrderAndStopsAtTheCap() {
        // Items 1..6 on a line in two dimensions: item i's nearest are its neighbours on the unit circle.
        long[] ids = {1, 2, 3, 4, 5, 6};
        float[] vectors = new float[12];
        for (int i = 0; i < 6; i++) {
            vectors[2 * i] = (float) Math.cos(i * 0.3);
            vectors[2 * i + 1] = (float) Math.sin(i * 0.3);
        }
        UnitEmbeddings embeddings = new UnitEmbeddings(new ItemEmbeddings(ids, vectors, 2));
        click(7, 1, T0);
        click(7, 100, T0 + MIN);
        Catalog catalog = new Catalog();
        catalog.observe(new ClickEvent("e", 9, 200, 5, EventType.CLICK, T0));
        UserFeatures user = new UserFeatures(List.of(new RecentItem(1, 5, EventType.CLICK, T0)), Map.of(), T0, T0, T0);

        Retrieval.Retrieved all = new Retrieval(3, 2, 2, 2, 1, 1, 1, 1, 500)
                .candidates(user, T0 + 2 * MIN, embeddings, coVisits, Map.of(200L, 3.0), catalog);
        Retrieval.Retrieved capped = new Retrieval(3, 2, 2, 2, 1, 1, 1, 1, 3)
                .candidates(user, T0 + 2 * MIN, embeddings, coVisits, Map.of(200L, 3.0), catalog);

        // session (2, 3), co-visitation (100), interest = the one item's neighbours (2, 3), trending and popular
        // (200), recent (1); round-robin: 2, 100, 200 (trending), 1, then 3.
        assertThat(all.items()).containsExactly(2L, 100L, 200L, 1L, 3L);
        assertThat(capped.items()).containsExactly(2L, 100L, 200L);
        assertThat(capped.bySource()).containsExactly(List.of(2L, 3L), List.of(100L), List.of(2L, 3L), List.of(200L),
                List.of(1L), List.of(200L));
    }

    @Test
    void negativeCountsAreRefused() {
        assertThatThrownBy(() -> new Retrieval(3, -1, 2, 2, 1, 1, 1, 1, 500))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Retrieval(3, 1, 2, 2, 1, 1, 1, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void click(long user, long item, long t) {
        coVisits.observe(new ClickEvent("e" + user + "-" + item + "-" + t, user, item, 5, EventType.CLICK, t));
    }
}
