package io.streamrank.ranking.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdListTest {

    @Test
    void holdsTheFirstIdsOfTheArrayAsAnImmutableList() {
        List<Long> ids = IdList.of(new long[] {5, 3, 9, 0}, 3);
        assertThat(ids).containsExactly(5L, 3L, 9L);
        assertThat(ids).isEqualTo(List.of(5L, 3L, 9L));
        assertThat(ids.subList(1, 3)).containsExactly(3L, 9L);
        assertThatThrownBy(() -> ids.add(1L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ids.set(0, 1L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anEmptyListIsShared() {
        List<Long> empty = IdList.of(new long[4], 0);
        assertThat(empty).isEmpty();
        assertThat(empty).isSameAs(IdList.EMPTY);
    }

    @Test
    void idListsCompareByTheirIdsAsLists() {
        assertThat(IdList.of(new long[] {5, 6}, 2)).isEqualTo(IdList.of(new long[] {5, 6, 7}, 2))
                .isEqualTo(List.of(5L, 6L)).hasSameHashCodeAs(List.of(5L, 6L))
                .isNotEqualTo(IdList.of(new long[] {6, 5}, 2));
    }
}
