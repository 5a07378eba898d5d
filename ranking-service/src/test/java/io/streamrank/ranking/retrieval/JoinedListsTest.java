package io.streamrank.ranking.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.ranking.features.FeatureStoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JoinedListsTest {

    private final JoinedListsIT.Recording values = new JoinedListsIT.Recording("sr:i:*");

    @Test
    void whenRedisRefusesBothSortFormsListsAreReadPlainlyAndRedisIsAskedOnlyOnce() {
        AtomicInteger asked = new AtomicInteger();
        JoinedLists joined = new JoinedLists(List.of(values), (readOnly, args) -> {
            asked.incrementAndGet();
            return CompletableFuture.completedFuture(false);
        });
        assertThat(joined.any()).isFalse();
        assertThat(joined.any()).isFalse();
        assertThat(asked).as("SORT_RO, then SORT, once each").hasValue(2);
        assertThat(joined.values()).as("candidates' values are still read ahead with MGET").containsExactly(values);
        joined.readInBackground(List.of(1L, 2L));
        assertThat(values.askedInBackground).as("and so are refreshed lists' new members").containsExactly(1L, 2L);
    }

    @Test
    void onARedisClusterListsAreReadPlainlyWithoutAskingAndMembersValuesStillReadInTheBackground() {
        // A cluster refuses GET patterns whose keys may live in other slots (ADR 52): asking would only log a refusal.
        JoinedLists joined = new JoinedLists(List.of(values), (readOnly, args) -> {
            throw new AssertionError("not asked");
        }, true);
        assertThat(joined.any()).isFalse();
        assertThat(joined.values()).as("candidates' values are still read ahead with MGET").containsExactly(values);
        joined.readInBackground(List.of(3L));
        assertThat(values.askedInBackground).containsExactly(3L);
    }

    @Test
    void untilRedisHasAnsweredListsAreReadPlainlyAndTheQuestionIsNotRepeated() {
        AtomicInteger asked = new AtomicInteger();
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        JoinedLists joined = new JoinedLists(List.of(values), (readOnly, args) -> {
            asked.incrementAndGet();
            return answer;
        });
        assertThat(joined.any()).as("no request waits for the answer").isFalse();
        assertThat(joined.any()).isFalse();
        answer.complete(true);
        assertThat(joined.any()).isTrue();
        assertThat(asked).hasValue(1);
    }

    @Test
    void whenRedisCannotTellItIsAskedAgainByALaterRequest() {
        AtomicInteger asked = new AtomicInteger();
        JoinedLists joined = new JoinedLists(List.of(values), (readOnly, args) -> asked.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new FeatureStoreUnavailableException("down", null))
                : CompletableFuture.completedFuture(true));
        assertThat(joined.any()).as("Redis down: no join this time").isFalse();
        assertThat(joined.any()).isTrue();
        assertThat(joined.any()).isTrue();
        assertThat(asked).hasValue(2);
    }

    @Test
    void withoutACacheToTakeTheValuesNothingIsJoinedAndRedisIsNotAsked() {
        JoinedLists joined = new JoinedLists(List.of(), (readOnly, args) -> {
            throw new AssertionError("not asked");
        });
        assertThat(joined.any()).isFalse();
    }

    @Test
    void theReadOnlyFormIsPreferredAndSortIsAskedAboutOnlyWhenItIsRefused() {
        // SORT is a write command (for STORE): a replica or a read-only ACL refuses it and serves SORT_RO (ADR 51);
        // a Redis older than 7 knows only SORT.
        List<Boolean> asked = new ArrayList<>();
        JoinedLists modern = new JoinedLists(List.of(values), (readOnly, args) -> {
            asked.add(readOnly);
            return CompletableFuture.completedFuture(true);
        });
        assertThat(modern.any()).isTrue();
        assertThat(modern.readOnly()).isTrue();
        assertThat(asked).containsExactly(true);

        asked.clear();
        JoinedLists older = new JoinedLists(List.of(values), (readOnly, args) -> {
            asked.add(readOnly);
            return CompletableFuture.completedFuture(!readOnly);
        });
        assertThat(older.any()).isTrue();
        assertThat(older.readOnly()).as("SORT_RO refused: SORT").isFalse();
        assertThat(older.any()).isTrue();
        assertThat(asked).containsExactly(true, false);
    }
}
