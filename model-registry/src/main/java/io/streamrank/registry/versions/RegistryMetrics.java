package io.streamrank.registry.versions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamrank.contract.registry.Stage;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The registry service's metrics in the Prometheus text format (ADR 58): its API requests by operation and status,
 * the stage changes it made, the versions in each stage and whether the model store could be read, as of the last
 * scrape or readiness check, the write tokens in force and the token file's reloads (ADR 85), and the JVM's own.
 * The store is read when Prometheus scrapes (every 30 s), not in the background: a registry nobody asks costs its
 * store nothing.
 */
final class RegistryMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ModelRegistry registry;
    private final Map<Stage, AtomicInteger> versions = new EnumMap<>(Stage.class);
    private final AtomicInteger storeUp = new AtomicInteger();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final WriteTokens tokens;

    /** @param tokens the write tokens in force, counted on each scrape with their file's reloads */
    RegistryMetrics(ModelRegistry registry, WriteTokens tokens) {
        this.registry = registry;
        for (Stage s : Stage.values()) {
            AtomicInteger n = new AtomicInteger();
            versions.put(s, n);
            Gauge.builder("streamrank.registry.versions", n, AtomicInteger::get)
                    .description("Model versions in each stage, as of the last read of the store")
                    .tag("stage", s.wireName()).register(meters);
        }
        Gauge.builder("streamrank.registry.store.up", storeUp, AtomicInteger::get)
                .description("1 when the last read of the model store succeeded, else 0").register(meters);
        // Read from the tokens when scraped (Micrometer holds them weakly; the field keeps them). A rotation waits for
        // this to read 2 before the writers move to the new token.
        this.tokens = tokens;
        Gauge.builder("streamrank.registry.write.tokens", tokens, t -> t.get().count())
                .description("Write tokens in force (0: writes open without a token)").register(meters);
        Gauge.builder("streamrank.registry.token.file.refused", tokens, t -> t.fileRefused() ? 1 : 0)
                .description("1 while the token file has changed into something refused and the tokens before stay")
                .register(meters);
        for (String outcome : new String[] {"applied", "refused"}) {
            FunctionCounter.builder("streamrank.registry.token.reloads", tokens,
                            t -> outcome.equals("applied") ? t.applied() : t.refused())
                    .description("Changes of the write token file: applied, or refused with the tokens before kept")
                    .tag("outcome", outcome).register(meters);
        }
        new JvmMemoryMetrics().bindTo(meters);
        gc.bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
    }

    /** One API request: {@code operation} is one of list, get, register, promote, rollback, unknown. */
    void request(String operation, int status, long nanos) {
        Timer.builder("streamrank.registry.requests")
                .description("Registry API requests by operation and HTTP status")
                .tag("operation", operation).tag("status", Integer.toString(status))
                .register(meters).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A version moved to {@code stage} through the API (a registration, a promotion or a rollback). */
    void stageChanged(Stage stage) {
        Counter.builder("streamrank.registry.stage.changes")
                .description("Versions moved to a stage through the API (registrations, promotions, rollbacks)")
                .tag("stage", stage.wireName()).register(meters).increment();
    }

    /** Reads the stages from the store into the gauges; {@code false} when the store could not be read. */
    boolean refresh() {
        try {
            Map<Stage, Integer> counts = registry.stageCounts();
            versions.forEach((stage, n) -> n.set(counts.getOrDefault(stage, 0)));
            storeUp.set(1);
            return true;
        } catch (RuntimeException e) {
            storeUp.set(0);
            return false;
        }
    }

    /** The scrape: the store read first, so the stage gauges are current. */
    String scrape() {
        refresh();
        return meters.scrape();
    }

    @Override
    public void close() {
        gc.close();
        meters.close();
    }
}
