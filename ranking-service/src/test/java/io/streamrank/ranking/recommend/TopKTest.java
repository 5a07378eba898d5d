package io.streamrank.ranking.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void keepsTheKBestInDescendingScoreOrder() {
        var top = TopK.of(List.of(1L, 2L, 3L, 4L), new float[] {0.1f, 0.9f, -1f, 0.5f}, 2);
        assertThat(top).extracting(RecommendationResponse.ScoredItem::itemId).containsExactly(2L, 4L);
    }

    @Test
    void tiesKeepRetrievalOrderAndKLargerThanCandidatesReturnsAll() {
        var top = TopK.of(List.of(7L, 8L, 9L), new float[] {1f, 1f, 2f}, 10);
        assertThat(top).extracting(RecommendationResponse.ScoredItem::itemId).containsExactly(9L, 7L, 8L);
    }
}
