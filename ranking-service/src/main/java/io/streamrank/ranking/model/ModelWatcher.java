package io.streamrank.ranking.model;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.contract.registry.ChecksumMismatchException;
import io.streamrank.contract.registry.Checksums;
import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.contract.registry.ObjectStore;
import io.streamrank.objectstore.s3.S3ObjectStore;
import io.streamrank.ranking.RankingProperties;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Watches the model registry and switches the service to a newly promoted production version: fetch a local copy,
 * verify every artifact's SHA-256, load, warm, then swap atomically ({@link ModelScorer#swap}). Any failure keeps the
 * serving version, is logged and counted in {@code streamrank_model_load_failures_total{reason}}; a version that
 * failed is not retried until its checksums file changes.
 */
@Component
public class ModelWatcher {

    private static final Logger log = LoggerFactory.getLogger(ModelWatcher.class);

    private final ModelRepository repository;
    private final ModelScorer scorer;
    private final MeterRegistry meters;
    private final Path cacheDir;
    private final boolean requireProduction;
    private final ScheduledExecutorService timer;
    private String failedAttempt;
    private boolean warnedNone;

    ModelWatcher(RankingProperties properties, ModelScorer scorer, MeterRegistry meters) {
        RankingProperties.Model settings = properties.model();
        this.repository = new ModelRepository(open(settings.dir()));
        this.scorer = scorer;
        this.meters = meters;
        this.cacheDir = settings.cacheDir().isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "streamrank-model-cache")
                : Path.of(settings.cacheDir());
        this.requireProduction = settings.requireProduction();
        poll();
        long every = settings.pollInterval().toMillis();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "model-watcher");
            t.setDaemon(true);
            return t;
        });
        if (every > 0) {
            timer.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
        }
    }

    static ObjectStore open(String location) {
        return location.startsWith("s3://") ? S3ObjectStore.connect(location)
                : new LocalDirectoryStore(Path.of(location));
    }

    /** One look at the registry; swaps when the version to serve changed. Never throws. */
    public synchronized void poll() {
        String version = null;
        String attempt = null;
        try {
            Optional<String> wanted = repository.servingVersion(requireProduction);
            if (wanted.isEmpty()) {
                if (!warnedNone) {
                    log.warn("no {}model version in {}: answers fall back to retrieval order (degraded)",
                            requireProduction ? "production " : "", repository.store().location());
                    warnedNone = true;
                }
                return;
            }
            version = wanted.get();
            if (version.equals(scorer.version().orElse(null))) {
                return;
            }
            byte[] sums = repository.store().read(ModelRepository.key(version, Checksums.FILE_NAME)).orElse(new byte[0]);
            attempt = version + ":" + new String(sums, StandardCharsets.UTF_8).hashCode();
            if (attempt.equals(failedAttempt)) {
                return;
            }
            Path dir = repository.fetch(version, cacheDir);
            scorer.swap(scorer.load(dir));
            failedAttempt = null;
        } catch (ChecksumMismatchException e) {
            failed(version, attempt, "checksum", e);
        } catch (Exception | Error e) {
            failed(version, attempt, e instanceof java.io.IOException ? "load" : "error", e);
        }
    }

    private void failed(String version, String attempt, String reason, Throwable e) {
        failedAttempt = attempt;
        Counter.builder("streamrank.model.load.failures").description("Model versions that could not be served")
                .tag("reason", reason).register(meters).increment();
        log.error("model {} not served ({}): {}; still serving {}", version, reason, e.getMessage(),
                scorer.version().orElse("no model"), e);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
