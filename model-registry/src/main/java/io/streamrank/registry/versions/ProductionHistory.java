package io.streamrank.registry.versions;

import io.streamrank.contract.registry.Stage;
import io.streamrank.contract.registry.StageRecord;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which version the stage records put in production, and which one a rollback restores: one answer for
 * {@link ModelRegistry#rollback} and for {@link VersionPruner}, which must keep that version.
 */
final class ProductionHistory {

    private ProductionHistory() {
    }

    /** The version in production (the most recently promoted if a race or a failed write left two). */
    static Optional<StageRecord> currentProduction(Collection<StageRecord> records) {
        return inProduction(records).stream().findFirst();
    }

    /** The versions whose records say production, most recently moved first (more than one only after a failure). */
    static List<StageRecord> inProduction(Collection<StageRecord> records) {
        return records.stream().filter(r -> r.current() == Stage.PRODUCTION)
                .sorted(Comparator.comparing((StageRecord r) -> Instant.parse(r.updatedAt())).reversed()).toList();
    }

    /**
     * The version {@link ModelRegistry#rollback} puts back: of the versions other than {@code current} (null: none is
     * in production), the one that most recently left production. Pruning keeps it (VersionPruner).
     */
    static Optional<StageRecord> previousProduction(Collection<StageRecord> records, String current) {
        return records.stream().filter(r -> !r.version().equals(current) && r.leftProductionAt() != null)
                .max(Comparator.comparing(StageRecord::leftProductionAt).thenComparing(StageRecord::version));
    }
}
