package io.streamrank.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.model.ItemEmbeddings;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetrievalReachTest {

    @Test
    void countsTheBsWithAnEmbeddingAndHowManyItemsAreCloserToAByCosine() {
        // Item 1 is A; 2 points A's way at twice the length (cosine 1, not dot product); 3..102 lie between A and 104;
        // 103 has a negative cosine; 104 is B of the second pair, past the 100 between.
        int n = 104;
        long[] ids = new long[n];
        float[] v = new float[n * 2];
        for (int i = 0; i < n; i++) {
            ids[i] = i + 1;
        }
        v[0] = 1;                                  // 1: A
        v[2] = 2;                                  // 2: cosine 1 to A
        for (int i = 2; i < 102; i++) {            // 3..102: cosine 0.8..0.5
            v[2 * i] = 1;
            v[2 * i + 1] = 0.75f + i * 0.01f;
        }
        v[2 * 102] = -1;                           // 103: cosine -1
        v[2 * 103] = 0.1f;                         // 104: cosine ~0.1 to A
        v[2 * 103 + 1] = 1;
        ItemEmbeddings e = new ItemEmbeddings(ids, v, 2);

        RetrievalReach.Reach r = RetrievalReach.of(List.of(
                new long[] {1, 2},     // B the nearest: among 100, 200, 500
                new long[] {1, 104},   // 101 items closer (2 and 3..102): among 200 and 500 only
                new long[] {1, 999},   // B without an embedding
                new long[] {999, 2}),  // A without one: not counted
                e);

        assertThat(r.pairs()).isEqualTo(3);
        assertThat(r.embedded()).isEqualTo(2);
        assertThat(r.among()).containsExactly(1, 2, 2);
    }
}
