package io.streamrank.contract.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdOrdsTest {

    @Test
    void answersAsAMapForIdsOfEveryShape() {
        Random random = new Random(5);
        int n = 20_000;
        IdOrds ords = new IdOrds(n);
        Map<Long, Integer> expected = new HashMap<>();
        for (int row = 0; row < n; row++) {
            // Random, small, negative, and ids that differ only in their high bits (Taobao's are dense small ones).
            long id = switch (row % 4) {
                case 0 -> random.nextLong();
                case 1 -> row;
                case 2 -> -row;
                default -> (long) row << 40;
            };
            ords.put(id, row);
            expected.put(id, row);
        }

        assertThat(ords.size()).isEqualTo(expected.size());
        expected.forEach((id, row) -> assertThat(ords.get(id)).as("id %d", id).isEqualTo(row));
        assertThat(ords.get(Long.MAX_VALUE)).isEqualTo(-1);
        assertThat(ords.get(3L << 40 | 1)).isEqualTo(-1);
    }

    @Test
    void laterRowOfAnIdReplacesTheEarlierOne() {
        IdOrds ords = new IdOrds(2);
        ords.put(9L, 0);
        ords.put(9L, 1);

        assertThat(ords.get(9L)).isEqualTo(1);
        assertThat(ords.size()).isEqualTo(1);
    }

    @Test
    void moreIdsThanSizedForIsAnError() {
        IdOrds ords = new IdOrds(3);
        for (int i = 0; i < 4; i++) {
            ords.put(i, i); // sized for 3 at most half full: capacity 8 holds 4
        }

        assertThatThrownBy(() -> ords.put(4L, 4)).isInstanceOf(IllegalStateException.class);
    }
}
