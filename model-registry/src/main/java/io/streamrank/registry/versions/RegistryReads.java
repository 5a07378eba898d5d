package io.streamrank.registry.versions;

import static io.streamrank.registry.versions.StoreCalls.io;
import static io.streamrank.registry.versions.StoreCalls.notFound;

import io.streamrank.contract.registry.Checksums;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.contract.registry.Stage;
import io.streamrank.contract.registry.StageRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the registry reports of the versions in the store: every version, one version, and the count per stage. Not
 * synchronized with the writes: they read the store as any other process does (a write of this one may be half done,
 * as one of another's may), and a readiness check or a metrics scrape must not wait behind a promotion that is
 * verifying every artifact's checksum.
 */
final class RegistryReads {

    private final ModelRepository repository;

    RegistryReads(ModelRepository repository) {
        this.repository = repository;
    }

    /** See {@link ModelRegistry#list}. */
    List<VersionInfo> list() {
        return io(() -> {
            List<VersionInfo> out = new ArrayList<>();
            Map<String, StageRecord> stages = repository.stages();
            List<String> versions = new ArrayList<>(repository.versions());
            versions.sort(Comparator.reverseOrder());
            for (String v : versions) {
                StageRecord r = stages.get(v);
                out.add(new VersionInfo(v, r == null ? Stage.CANDIDATE.wireName() : r.stage(), r,
                        repository.metadata(v).orElse(null), Map.of()));
            }
            return out;
        });
    }

    /** See {@link ModelRegistry#stageCounts}. */
    Map<Stage, Integer> stageCounts() {
        return io(() -> {
            Map<Stage, Integer> out = new EnumMap<>(Stage.class);
            Map<String, StageRecord> stages = repository.stages();
            for (String v : repository.versions()) {
                StageRecord r = stages.get(v);
                out.merge(r == null ? Stage.CANDIDATE : Stage.parse(r.stage()), 1, Integer::sum);
            }
            return out;
        });
    }

    /** See {@link ModelRegistry#get}; the name is checked by the caller. */
    VersionInfo get(String version) {
        return io(() -> {
            Checksums sums = repository.checksums(version).orElseThrow(() -> notFound(version));
            Optional<StageRecord> r = repository.stage(version);
            return new VersionInfo(version, r.map(StageRecord::stage).orElse(Stage.CANDIDATE.wireName()),
                    r.orElse(null), repository.metadata(version).orElse(null), sums.files());
        });
    }
}
