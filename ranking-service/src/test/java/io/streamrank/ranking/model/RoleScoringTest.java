package io.streamrank.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.contract.model.ModelInputBatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RoleScoringTest {

    @Test
    void aRoleWithNoVersionLoadedFailsAsNotLoaded() {
        assertThatThrownBy(() -> RoleScoring.score(Role.SHADOW, new AtomicReference<>(), new ModelInputBatch(1), null,
                0L)).isInstanceOf(ScoringException.class).hasMessage("no shadow model loaded");
    }

    @Test
    void aCohortRequestWithNoVersionLoadedIsNotScored() {
        ModelScorer.Cohort everyone = (userId, version) -> true;
        assertThat(RoleScoring.score(Role.CANARY, new AtomicReference<>(), new ModelInputBatch(1), everyone, 7L))
                .isNull();
    }

    @Test
    void scoresThatAreNotFiniteNumbersAreFound() {
        assertThat(RoleScoring.firstNonFinite(new float[] {0.5f, -3f, 1e30f})).isEqualTo(-1);
        assertThat(RoleScoring.firstNonFinite(new float[0])).isEqualTo(-1);
        assertThat(RoleScoring.firstNonFinite(new float[] {0.5f, Float.NaN, 1f})).isEqualTo(1);
        assertThat(RoleScoring.firstNonFinite(new float[] {Float.POSITIVE_INFINITY})).isZero();
        assertThat(RoleScoring.firstNonFinite(new float[] {1f, 2f, Float.NEGATIVE_INFINITY})).isEqualTo(2);
    }
}
