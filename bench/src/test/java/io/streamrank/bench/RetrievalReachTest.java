package io.streamrank.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.model.ItemEmbeddings;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetrievalReachTest {

    /**
     * Item 1 is A, along x. Items 2..101 (100 of them) lie at angles to A that grow with their id, short vectors;
     * item 200 is long and at the widest angle of all, so that it beats every other item on dot product but none on
     * cosine.
     */
    private static ItemEmbeddings embeddings() {
        int n = 102;
        long[] ids = new long[n];
        float[] v = new float[n * 2];
        ids[0] = 1;
        v[0] = 1;
        for (int i = 1; i <= 100; i++) {
            ids[i] = i + 1;
            double angle = i * 0.01;
            v[2 * i] = (float) (0.1 * Math.cos(angle));
            v[2 * i + 1] = (float) (0.1 * Math.sin(angle));
        }
        ids[101] = 200;
        v[2 * 101] = 100 * (float) Math.cos(1.2);
        v[2 * 101 + 1] = 100 * (float) Math.sin(1.2);
        return new ItemEmbeddings(ids, v, 2);
    }

    @Test
    void aBIsAmongAsNearestKWhenFewerThanKItemsBesideAAreCloserByCosine() {
        // B = 101 has 99 items closer by cosine (2..100): among the nearest 100. By dot product item 200 would be a
        // 100th, and B out of them.
        RetrievalReach.Reach r = RetrievalReach.of(List.of(new long[] {1, 2}, new long[] {1, 101}), embeddings());
        assertThat(r.among()).containsExactly(2, 2, 2);
    }

    @Test
    void exactlyKCloserItemsLeaveBOutOfTheNearestK() {
        // B = 200 has exactly 100 closer (2..101): among the nearest 200 and 500, not 100.
        RetrievalReach.Reach r = RetrievalReach.of(List.<long[]>of(new long[] {1, 200}), embeddings());
        assertThat(r.among()).containsExactly(0, 1, 1);
    }

    @Test
    void countsThePairsWhoseAHasAnEmbeddingAndThoseWhoseBHasOne() {
        RetrievalReach.Reach r = RetrievalReach.of(List.of(new long[] {1, 2}, new long[] {1, 999},
                new long[] {999, 2}), embeddings());
        assertThat(r.pairs()).isEqualTo(2);
        assertThat(r.embedded()).isEqualTo(1);
        assertThat(r.among()).containsExactly(1, 1, 1);
    }
}
