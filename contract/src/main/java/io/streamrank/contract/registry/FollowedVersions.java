package io.streamrank.contract.registry;

import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Chooses, from the stage records, the versions a ranking service follows: serving, canary and shadow. */
final class FollowedVersions {

    private FollowedVersions() {
    }

    /** See {@link ModelRepository#followed}. */
    static ModelRepository.Followed of(ModelRepository repository, boolean requireProduction) throws IOException {
        Map<String, StageRecord> stages = repository.stages();
        Optional<String> production = newestIn(stages, Stage.PRODUCTION);
        if (production.isEmpty()) {
            // The records are read one by one: a listing that read the new production version's record before a
            // promotion or rollback wrote it, and the old one's after it was archived, saw none. Both writes are done
            // by the time a second listing gets there (the registry writes them back to back).
            stages = repository.stages();
            production = newestIn(stages, Stage.PRODUCTION);
        }
        Optional<String> serving = production;
        if (production.isEmpty() && !requireProduction) {
            List<String> all = repository.versions();
            for (int i = all.size() - 1; i >= 0 && serving.isEmpty(); i--) {
                StageRecord r = stages.get(all.get(i));
                if (r == null || r.current() != Stage.ARCHIVED) {
                    serving = Optional.of(all.get(i));
                }
            }
        }
        return new ModelRepository.Followed(serving, newestIn(stages, Stage.CANARY), newestIn(stages, Stage.SHADOW));
    }

    /** The version in {@code stage}, the most recently moved there if a race left two. */
    static Optional<String> newestIn(Map<String, StageRecord> stages, Stage stage) {
        // The version is the record's key (the folder it was found under), not the name written inside the record.
        return stages.entrySet().stream()
                .filter(e -> e.getValue().current() == stage)
                .max(Comparator.comparing(
                                (Map.Entry<String, StageRecord> e) -> Instant.parse(e.getValue().updatedAt()))
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey);
    }
}
