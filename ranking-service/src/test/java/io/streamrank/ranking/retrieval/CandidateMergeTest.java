package io.streamrank.ranking.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.contract.model.ItemCategories;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CandidateMergeTest {

    @Test
    void sourcesAreInterleavedSoEachIsRepresentedWhenTheCountCuts() {
        Map<Source, List<Long>> lists = new EnumMap<>(Source.class);
        lists.put(Source.SESSION, List.of(1L, 2L, 3L, 4L));
        lists.put(Source.TRENDING, List.of(10L, 11L, 12L));
        lists.put(Source.POPULAR, List.of(20L, 21L));

        Candidates c = CandidateRetriever.merge(lists, 5);

        assertThat(c.ids()).containsExactly(1L, 10L, 20L, 2L, 11L);
    }

    @Test
    void duplicatesAreMergedAndKeepEverySourceTag() {
        Map<Source, List<Long>> lists = new EnumMap<>(Source.class);
        lists.put(Source.ANN, List.of(1L, 2L));
        lists.put(Source.COVISITATION, List.of(2L, 3L));
        lists.put(Source.POPULAR, List.of(3L, 2L, 9L));

        Candidates c = CandidateRetriever.merge(lists, 10);

        assertThat(c.ids()).containsExactly(2L, 1L, 3L, 9L);
        assertThat(Source.labels(c.sources(2L))).containsExactly("ann", "covisitation", "popular");
        assertThat(Source.labels(c.sources(3L))).containsExactly("covisitation", "popular");
        assertThat(c.countBySource()).containsEntry("popular", 3).containsEntry("ann", 2);
    }

    @Test
    void aFullSetStillTagsItsMembersButAdmitsNoMore() {
        Candidates c = new Candidates(2);
        assertThat(c.offer(1L, Source.TRENDING)).isTrue();
        assertThat(c.offer(2L, Source.TRENDING)).isTrue();
        assertThat(c.offer(3L, Source.POPULAR)).isFalse();
        assertThat(c.offer(1L, Source.POPULAR)).isTrue();
        assertThat(c.ids()).containsExactly(1L, 2L);
        assertThat(Source.labels(c.sources(1L))).containsExactly("trending", "popular");
    }

    @Test
    void interleavingTakesTheIthItemOfEachListInTurn() {
        assertThat(SourceLists.interleave(List.of(List.of(1L, 2L, 3L), List.of(7L), List.of(8L, 9L))))
                .containsExactly(1L, 7L, 8L, 2L, 9L, 3L);
    }

    @Test
    void aContextItemIsTheFirstTriggerAndTakesThePlaceOfTheOldestClick() {
        long now = 1_800_000_000_000L;
        UserFeatures user = new UserFeatures(List.of(new RecentItem(7, 1, EventType.CLICK, now),
                new RecentItem(8, 1, EventType.CLICK, now - 1), new RecentItem(9, 1, EventType.CLICK, now - 2)),
                Map.of(), now, now, now);

        assertThat(CandidateRetriever.triggers(user, 3, 0)).containsExactly(7L, 8L, 9L);
        assertThat(CandidateRetriever.triggers(user, 3, 42)).containsExactly(42L, 7L, 8L);
        // The page's item just clicked is one trigger, not two.
        assertThat(CandidateRetriever.triggers(user, 3, 8)).containsExactly(8L, 7L, 9L);
        assertThat(CandidateRetriever.triggers(UserFeatures.EMPTY, 3, 42)).containsExactly(42L);
        assertThat(CandidateRetriever.triggers(user, 0, 42)).as("session triggers off").isEmpty();
    }

    @Test
    void theContextItemsCategoryComesFirstAndTakesThePlaceOfTheOldestRecentCategory() {
        long now = 1_800_000_000_000L;
        UserFeatures user = new UserFeatures(List.of(new RecentItem(7, 1, EventType.CLICK, now),
                new RecentItem(8, 2, EventType.CLICK, now - 1), new RecentItem(9, 1, EventType.CLICK, now - 2),
                new RecentItem(10, 3, EventType.CLICK, now - 3)), Map.of(), now, now, now);

        assertThat(CandidateRetriever.categories(user, 3, 0)).containsExactly(1L, 2L, 3L);
        assertThat(CandidateRetriever.categories(user, 3, 5)).containsExactly(5L, 1L, 2L);
        // A category the user also browses is one entry, first.
        assertThat(CandidateRetriever.categories(user, 3, 2)).containsExactly(2L, 1L, 3L);
        assertThat(CandidateRetriever.categories(UserFeatures.EMPTY, 3, 5)).containsExactly(5L);
        assertThat(CandidateRetriever.categories(user, 0, 5)).as("trending off").isEmpty();
    }

    @Test
    void onACategoryPageTheUsersOwnSourcesKeepOnlyItemsOfItsCategoryOrOfNoneKnown() {
        // The ranking version's table: 1 and 2 in category 7, 3 in 8; 4 unknown to it.
        ItemCategories table = ItemCategories.of(Map.of(1L, 7L, 2L, 7L, 3L, 8L));
        Map<Source, List<Long>> bySource = new EnumMap<>(Source.class);
        for (Source s : List.of(Source.SESSION, Source.ANN, Source.RECENT, Source.COVISITATION, Source.TRENDING)) {
            bySource.put(s, List.of(1L, 3L, 4L, 2L));
        }

        Map<Source, List<Long>> home = new EnumMap<>(bySource);
        SourceLists.keepCategory(home, new Page(0, 0, 0, table));
        assertThat(home).as("no category page: nothing filtered").isEqualTo(bySource);

        SourceLists.keepCategory(bySource, new Page(0, 0, 7, table));
        for (Source s : List.of(Source.SESSION, Source.ANN, Source.RECENT, Source.COVISITATION)) {
            assertThat(bySource.get(s)).as(s.label()).containsExactly(1L, 4L, 2L);
        }
        // The category's own lists are its items by the pipeline's category, filtered after the reads as before.
        assertThat(bySource.get(Source.TRENDING)).containsExactly(1L, 3L, 4L, 2L);
        assertThat(bySource).doesNotContainKey(Source.CATEGORY);
    }
}
