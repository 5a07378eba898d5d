package io.streamrank.registry.versions;

import io.streamrank.contract.registry.Checksums;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.contract.registry.Stage;
import io.streamrank.contract.registry.StageRecord;
import io.streamrank.registry.TrainOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Deletes old model versions ({@code registry prune}, ADR 77). The ranking services read every version's stage
 * record at each poll, so a store that only grows makes every poll slower. Kept whatever their age: the versions in
 * production, canary or shadow, the version {@code rollback} would put back, the version services without
 * {@code require-production} serve while none is in production, and the {@code keep} newest (by name: names sort by
 * creation time). The others, archived versions and old candidates, are deleted.
 *
 * <p>One registry writer at a time is assumed, as for every write (ADR 31). Still, a version's stage record is read
 * again just before it is deleted, and a version whose record changed since the plan was made is kept.
 */
final class VersionPruner {

    static final int DEFAULT_KEEP = 10;

    /** What a prune did, or in a dry run would do: versions newest first, and deletions finished for a prune before. */
    record Result(List<String> kept, List<String> deleted, List<String> finished) {
    }

    private final ModelRepository repository;
    private final ObjectDeleter deleter;
    private final Consumer<String> out;

    /** @param out receives one line per version and a summary */
    VersionPruner(ModelRepository repository, ObjectDeleter deleter, Consumer<String> out) {
        this.repository = repository;
        this.deleter = deleter;
        this.out = out;
    }

    /** @throws IllegalArgumentException when {@code keep} is below 1 */
    Result prune(int keep, boolean dryRun) throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("--keep must be at least 1, got " + keep
                    + ": the newest version is always kept");
        }
        List<String> versions = repository.versions();
        Map<String, StageRecord> stages = new HashMap<>();
        for (String v : versions) {
            repository.stage(v).ifPresent(r -> stages.put(v, r));
        }
        Map<String, List<String>> why = reasonsToKeep(versions, stages, keep);
        List<String> kept = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (int i = versions.size() - 1; i >= 0; i--) {
            String v = versions.get(i);
            StageRecord planned = stages.get(v);
            String stage = planned == null ? Stage.CANDIDATE.wireName() : planned.stage();
            List<String> reasons = why.get(v);
            if (reasons.isEmpty() && !dryRun) {
                StageRecord now = repository.stage(v).orElse(null);
                if (!Objects.equals(now, planned)) {
                    reasons = List.of("its stage changed while pruning");
                    stage = now == null ? Stage.CANDIDATE.wireName() : now.stage();
                }
            }
            if (!reasons.isEmpty()) {
                kept.add(v);
                out.accept("keep\t" + v + "\t" + stage + "\t" + String.join(", ", reasons));
                continue;
            }
            if (!dryRun) {
                delete(v);
            }
            deleted.add(v);
            out.accept((dryRun ? "would delete\t" : "delete\t") + v + "\t" + stage);
        }
        List<String> finished = finishInterrupted(new HashSet<>(versions), dryRun);
        out.accept((dryRun ? "dry run: would delete " : "deleted ") + deleted.size() + " of " + versions.size()
                + " versions, " + (dryRun ? "keep " : "kept ") + kept.size() + " (--keep " + keep + ")"
                + (finished.isEmpty() ? "" : "; " + (dryRun ? "would finish " : "finished ") + finished.size()
                + " deletion(s) an earlier prune left halfway")
                + (dryRun ? "; nothing was deleted" : ""));
        return new Result(kept, deleted, finished);
    }

    /** For each version (oldest first in {@code versions}), why it is kept; an empty list: it is deleted. */
    static Map<String, List<String>> reasonsToKeep(List<String> versions, Map<String, StageRecord> stages,
                                                   int keep) {
        Map<String, List<String>> why = new HashMap<>();
        versions.forEach(v -> why.put(v, new ArrayList<>()));
        stages.forEach((v, r) -> {
            Stage s = r.current();
            if (s == Stage.PRODUCTION || s == Stage.CANARY || s == Stage.SHADOW) {
                why.get(v).add("in " + s.wireName());
            }
        });
        // The same choice as ModelRegistry.rollback. A second rollback restores the version the first one archived,
        // which was in production until then, so keeping this one version keeps every rollback possible.
        Optional<StageRecord> production = ProductionHistory.currentProduction(stages.values());
        ProductionHistory.previousProduction(stages.values(), production.map(StageRecord::version).orElse(null))
                .ifPresent(r -> add(why, r.version(), "rollback restores it"));
        if (production.isEmpty()) {
            // What ModelRepository.followed serves without a production version (unless require-production).
            for (int i = versions.size() - 1; i >= 0; i--) {
                StageRecord r = stages.get(versions.get(i));
                if (r == null || r.current() != Stage.ARCHIVED) {
                    add(why, versions.get(i), "served while no version is in production");
                    break;
                }
            }
        }
        for (int i = Math.max(0, versions.size() - keep); i < versions.size(); i++) {
            add(why, versions.get(i), "one of the " + keep + " newest");
        }
        return why;
    }

    private static void add(Map<String, List<String>> why, String version, String reason) {
        List<String> reasons = why.get(version);
        if (reasons != null) {
            reasons.add(reason);
        }
    }

    private void delete(String version) throws IOException {
        // The checksums file first: without it no reader lists the version (ModelRepository.versions), so none
        // fetches the files that are going, and a prune stopped halfway leaves no complete version with files
        // missing. Its stage record last: a complete version without one is a candidate, which a service without a
        // production version may serve. The signature right after the checksums, never before them: for as long as the
        // checksums file exists a reader that requires signatures would refuse the version as unsigned (ADR 79).
        deleter.delete(ModelRepository.key(version, Checksums.FILE_NAME));
        deleteFilesAndRecord(version);
    }

    private void deleteFilesAndRecord(String version) throws IOException {
        deleter.delete(ModelRepository.signatureKey(version));
        for (String key : repository.store().list(version + "/")) {
            deleter.delete(key);
        }
        deleter.delete(ModelRepository.stageKey(version));
    }

    /**
     * Finishes what an interrupted prune left: a stage record of a version without its checksums file. Nothing else
     * leaves one (every write of a record needs a complete version), and no reader sees the version any more. A
     * folder without checksums and without a record is a publish that failed halfway, which publishing again
     * completes: left alone. So is a record in production, canary or shadow, which no prune would have deleted.
     */
    private List<String> finishInterrupted(Set<String> complete, boolean dryRun) throws IOException {
        List<String> finished = new ArrayList<>();
        for (String key : repository.store().list(ModelRepository.STAGES)) {
            String v = key.endsWith(".json")
                    ? key.substring(ModelRepository.STAGES.length(), key.length() - ".json".length()) : "";
            if (complete.contains(v) || !TrainOptions.VERSION.matcher(v).matches()
                    || repository.store().exists(ModelRepository.key(v, Checksums.FILE_NAME))) {
                continue;
            }
            Optional<Stage> stage = repository.stage(v).map(StageRecord::current);
            if (stage.isEmpty() || (stage.get() != Stage.ARCHIVED && stage.get() != Stage.CANDIDATE)) {
                continue;
            }
            if (!dryRun) {
                deleteFilesAndRecord(v);
            }
            finished.add(v);
            out.accept((dryRun ? "would delete\t" : "delete\t") + v + "\t" + stage.get().wireName()
                    + "\tthe rest of an interrupted prune");
        }
        return finished;
    }
}
