package io.streamrank.ranking.model;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.contract.registry.ChecksumMismatchException;
import io.streamrank.contract.registry.Checksums;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.contract.registry.SignatureRefusedException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one role to the version the registry names for it (fetched, verified, loaded, warmed and swapped in, or moved
 * to serving from the role that already holds it), and counts and logs each failure, holding the version back as
 * {@link LoadFailures} says. Not thread-safe: the watcher's polls are serialized.
 */
final class RoleFollower {

    /** The watcher's: these lines keep the category they were always logged under (log filters, the swap timeline). */
    private static final Logger log = LoggerFactory.getLogger(ModelWatcher.class);

    private final ModelRepository repository;
    private final ModelScorer scorer;
    private final MeterRegistry meters;
    /** Where fetched versions are copied ({@link CacheFolder}). */
    private final Path cacheDir;
    private final LoadFailures failures = new LoadFailures();

    RoleFollower(ModelRepository repository, ModelScorer scorer, MeterRegistry meters, Path cacheDir) {
        this.repository = repository;
        this.scorer = scorer;
        this.meters = meters;
        this.cacheDir = cacheDir;
    }

    /** Swaps {@code version} in for {@code role} unless the role holds it already or its last failure holds it back. */
    void follow(Role role, String version) {
        if (version.equals(scorer.version(role).orElse(null))) {
            return;
        }
        String attempt = null;
        try {
            // Inside the try: what a swap throws is a failure counted like a load's, never out of the poll.
            if (role == Role.SERVING && moveToServing(version)) {
                return;
            }
            byte[] sums = repository.store().read(ModelRepository.key(version, Checksums.FILE_NAME))
                    .orElse(new byte[0]);
            // Read after the checksums, as the repository reads them (ADR 79), and only when signatures are required:
            // `registry sign` of a refused version changes the attempt, and the next poll tries it.
            Optional<byte[]> signature = repository.verifier().isPresent() ? repository.signature(version)
                    : Optional.empty();
            attempt = LoadFailures.attempt(version, sums, signature);
            if (failures.skip(role, attempt)) {
                return;
            }
            long started = System.nanoTime();
            Path dir = repository.fetch(version, cacheDir);
            long fetched = System.nanoTime();
            LoadedModel next = scorer.load(dir);
            // The steps' times place a swap's cost on a timeline (bin/bench-ranking --swap-rate reads this line).
            log.info("model {} for the {} role fetched and verified in {} ms, loaded and warmed in {} ms", version,
                    VersionGauges.name(role), (fetched - started) / 1_000_000,
                    (System.nanoTime() - fetched) / 1_000_000);
            scorer.swap(role, next);
            failures.succeeded(role);
        } catch (SignatureRefusedException e) {
            // Before its superclass: a refused signature is counted apart, an attack or a missed `registry sign`
            // rather than a damaged file.
            failed(role, version, attempt, "signature", e);
        } catch (ChecksumMismatchException e) {
            failed(role, version, attempt, "checksum", e);
        } catch (Exception | Error e) {
            failed(role, version, attempt, e instanceof IOException ? "load" : "error", e);
        }
    }

    /** Serves {@code version} as the canary or shadow role already holds it (a promotion); false if neither does. */
    private boolean moveToServing(String version) {
        for (Role other : new Role[] {Role.CANARY, Role.SHADOW}) {
            Optional<LoadedModel> held = scorer.take(other, version);
            if (held.isPresent()) {
                log.info("model {} moved from the {} role to serving, without loading it again", version,
                        VersionGauges.name(other));
                scorer.swap(Role.SERVING, held.get());
                failures.succeeded(Role.SERVING);
                return true;
            }
        }
        return false;
    }

    /**
     * Counts and logs a failure to serve {@code version} in {@code role} under {@code reason} (the metric's tag), and
     * records it in {@link LoadFailures}; {@code version} and {@code attempt} are null when the store itself could not
     * be read.
     */
    void failed(Role role, String version, String attempt, String reason, Throwable e) {
        int skipped = failures.failed(role, attempt, reason.equals("checksum") || reason.equals("signature"));
        Counter.builder("streamrank.model.load.failures").description("Model versions that could not be served")
                .tag("reason", reason).register(meters).increment();
        log.error("model {} not loaded as the {} version ({}): {}; still {} {}; {}",
                version == null ? "version unknown (the store could not be read)," : version,
                VersionGauges.name(role), reason, e.getMessage(),
                role == Role.SERVING ? "serving" : "using", scorer.version(role).orElse("no model"),
                attempt == null ? "trying again at the next poll"
                        : skipped < 0 ? "not tried again until its checksums or signature file changes"
                        : "trying again after " + skipped + " poll(s) skipped", e);
    }
}
