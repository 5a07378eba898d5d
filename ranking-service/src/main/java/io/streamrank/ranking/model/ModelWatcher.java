package io.streamrank.ranking.model;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.contract.registry.Checksums;
import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.contract.registry.ObjectStore;
import io.streamrank.contract.registry.VersionVerifier;
import io.streamrank.objectstore.s3.S3ObjectStore;
import io.streamrank.ranking.RankingProperties;
import jakarta.annotation.PreDestroy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Watches the model registry and switches the service to a newly promoted production version: fetch a local copy,
 * verify every artifact's SHA-256 (and, with {@code streamrank.model.verify-keys}, the version's signature first, ADR
 * 79), load, warm, then swap atomically ({@link ModelScorer#swap}). Any failure keeps the serving version, is logged
 * and counted in {@code streamrank_model_load_failures_total{reason}}. A version whose checksums did not match or whose
 * signature was refused is not tried again until its checksums or signature file changes; after any other failure it
 * is tried again at later polls, further apart each time ({@link LoadFailures}, ADR 76).
 *
 * <p>Every version the service loads comes through {@link ModelRepository#fetch} of the one repository built here,
 * which checks the signature before it hands out a copy, cached or new. A canary or shadow version promoted to
 * production moves to serving without another fetch: it was checked when that role loaded it.
 */
@Component
public class ModelWatcher {

    private static final Logger log = LoggerFactory.getLogger(ModelWatcher.class);

    private final ModelRepository repository;
    private final ModelScorer scorer;
    private final CacheFolder.Chosen cache;
    private final boolean requireProduction;
    private final ScheduledExecutorService timer;
    /** Roles whose stage is followed: the canary and the shadow only when some traffic goes to them. */
    private final Set<Role> roles = EnumSet.of(Role.SERVING); // iterated in declaration order: serving first
    /** Brings each followed role to the version its stage names, and reports what failed. */
    private final RoleFollower follower;
    /** Local copies kept beside the versions held: a rollback needs no download, a just-retired index read ends. */
    static final int CACHED_OTHERS = 2;
    private boolean warnedNone;

    ModelWatcher(RankingProperties properties, ModelScorer scorer, MeterRegistry meters) {
        RankingProperties.Model settings = properties.model();
        // Before anything else: a key file that cannot be read stops the start (StartupRefusedFailureAnalyzer).
        VersionVerifier verifier = VerifyKeys.read(settings.verifyKeys()).orElse(null);
        this.repository = new ModelRepository(open(settings.dir()), verifier);
        if (verifier != null) {
            log.info("model versions must be signed with {} (keys from {}): a version unsigned or signed otherwise is "
                    + "refused, and the service keeps what it serves (ADR 79)",
                    String.join(", ", VerifyKeys.fingerprints(verifier)), settings.verifyKeys());
        } else {
            log.info("model versions need no signature ({} is empty): whoever can write {} decides what this service "
                    + "runs (ADR 79)", VerifyKeys.PROPERTY, repository.store().location());
        }
        this.scorer = scorer;
        // By default one folder per store: the cache is pruned to the versions this service holds (and two more), so
        // services of other stores on the same machine (tests, benches, a laptop) must not share it. Only this
        // service's user may write it (CacheFolder).
        this.cache = CacheFolder.choose(settings.cacheDir(), Path.of(System.getProperty("java.io.tmpdir")),
                storeFolder(repository.store().location()));
        this.follower = new RoleFollower(repository, scorer, meters, cache.dir());
        this.requireProduction = settings.requireProduction();
        // By the buckets the cohort and the sampling use: a share that rounds to none loads no version it never uses.
        if (properties.rollout().canaryBuckets() > 0) {
            roles.add(Role.CANARY);
        }
        if (properties.rollout().shadowBuckets() > 0) {
            roles.add(Role.SHADOW);
        }
        poll();
        long every = settings.pollInterval().toMillis();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "model-watcher");
            t.setDaemon(true);
            return t;
        });
        if (every > 0) {
            timer.scheduleWithFixedDelay(() -> {
                try {
                    poll();
                } catch (RuntimeException | Error e) {
                    // poll() is not meant to throw; if it does, the executor would cancel the schedule silently and
                    // the pod would never swap, promote or roll back again.
                    log.error("a model registry poll failed; polling goes on", e);
                }
            }, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** A folder name for a store location: the first 12 hex digits of its SHA-256. */
    static String storeFolder(String location) {
        try {
            return Checksums.sha256(new ByteArrayInputStream(location.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from an in-memory stream
        }
    }

    static ObjectStore open(String location) {
        return location.startsWith("s3://") ? S3ObjectStore.connect(location)
                : new LocalDirectoryStore(Path.of(location));
    }

    /**
     * One look at the registry; swaps when the version to serve changed, and loads, swaps or retires the canary and
     * the shadow version as their stages changed. Never throws.
     */
    public synchronized void poll() {
        ModelRepository.Followed followed;
        try {
            followed = repository.followed(requireProduction);
        } catch (Exception | Error e) {
            for (Role role : roles) {
                follower.failed(role, null, null, "load", e);
            }
            return;
        }
        for (Role role : roles) {
            Optional<String> version = switch (role) {
                case SERVING -> followed.serving();
                case CANARY -> followed.canary();
                case SHADOW -> followed.shadow();
            };
            if (role == Role.SERVING && version.isEmpty()) {
                if (!warnedNone) {
                    log.warn("no {}model version in {}: answers fall back to retrieval order (degraded)",
                            requireProduction ? "production " : "", repository.store().location());
                    warnedNone = true;
                }
            } else if (role == Role.SERVING) {
                follower.follow(role, version.get());
            } else if (version.isEmpty() || version.equals(scorer.version())) {
                // The serving version in another role would only score twice (without a production version the
                // newest one serves, and it may be the canary).
                scorer.retire(role);
            } else {
                follower.follow(role, version.get());
            }
        }
        pruneCache();
    }

    /** Deletes local copies no role holds, but the {@value #CACHED_OTHERS} most recently fetched. */
    private void pruneCache() {
        Set<String> held = new HashSet<>();
        for (Role role : Role.values()) {
            scorer.version(role).ifPresent(held::add);
        }
        try {
            List<String> deleted = CachedVersions.prune(cache.dir(), held, CACHED_OTHERS);
            if (!deleted.isEmpty()) {
                log.info("deleted the local copies of model versions {} from {}", deleted, cache.dir());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("could not prune the model cache {}: {}", cache.dir(), e.toString());
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        cache.release();
    }
}
