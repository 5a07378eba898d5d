package io.streamrank.ranking.model;

import ai.djl.Device;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts loaded versions into the role slots {@link ModelScorer} scores from, takes and retires them, each replaced
 * version closing once its in-flight calls are done; after {@link #close} nothing loaded is published any more.
 */
final class VersionSwaps {

    /** The scorer's: swap lines keep the category they were always logged under (log filters, the swap timeline). */
    private static final Logger log = LoggerFactory.getLogger(ModelScorer.class);

    /** The scorer's own map: it reads the slots on every request, this only writes them. */
    private final Map<Role, AtomicReference<LoadedModel>> loaded;
    private final VersionGauges gauges;
    private final Counter swaps;
    private final Device device;
    private final List<Runnable> swapListeners = new CopyOnWriteArrayList<>();
    /** Set by {@link #close}: a load that finishes after it (the watcher stopped mid-load) is closed, not published. */
    private volatile boolean closed;

    VersionSwaps(Map<Role, AtomicReference<LoadedModel>> loaded, MeterRegistry meters, String deviceName,
                 Device device) {
        this.loaded = loaded;
        this.gauges = new VersionGauges(meters, deviceName);
        this.swaps = Counter.builder("streamrank.model.swaps").description("Model versions swapped in")
                .register(meters);
        this.device = device;
    }

    /** See {@link ModelScorer#onSwap}. */
    void onSwap(Runnable listener) {
        swapListeners.add(listener);
    }

    /** Makes {@code next} the version for {@code role}; the previous one closes once its in-flight calls are done. */
    void swap(Role role, LoadedModel next) {
        if (closed) {
            log.info("model {} loaded after shutdown began: closed instead of served", next.version());
            // Released, not closed outright: a version moved from the canary or shadow role may still have calls in
            // flight (the shadow's thread), and the last of them closes it; a freshly loaded one closes here.
            next.release();
            return;
        }
        swapIn(role, next);
    }

    /**
     * The set and what follows it, {@link #close} possibly begun since {@link #swap} looked (a test enters here with
     * it begun: the only way into that window of two statements).
     */
    void swapIn(Role role, LoadedModel next) {
        AtomicReference<LoadedModel> slot = loaded.get(role);
        LoadedModel previous = slot.getAndSet(next);
        if (closed) {
            // The swap lost to shutdown. If close() emptied this slot before the set, nothing else will release next;
            // if after, it released next and never saw previous. Nothing of it may show: no gauge for a version that
            // never served, no listener rebuilding from it.
            if (slot.compareAndSet(next, null)) {
                next.release();
            }
            if (previous != null) {
                previous.release();
            }
            log.info("model {} swapped in as shutdown began: closed instead of served", next.version());
            return;
        }
        gauges.show(role, slot, next);
        if (role == Role.SERVING) {
            swaps.increment();
        }
        String as = role == Role.SERVING ? "serving" : "loaded " + VersionGauges.name(role);
        log.info("{} model {} on {}{}", as, next.version(), device, previous == null ? ""
                : " (was " + previous.version() + ", closed after its in-flight requests)");
        try {
            if (previous != null) {
                previous.release();
            }
        } finally {
            if (role == Role.SERVING) {
                for (Runnable listener : swapListeners) {
                    try {
                        listener.run();
                    } catch (RuntimeException e) {
                        log.warn("a model swap listener failed; the swap stands", e);
                    }
                }
            }
        }
    }

    /** Empties {@code role}'s slot if it holds {@code version}, whose reference moves to the caller. */
    Optional<LoadedModel> take(Role role, String version) {
        AtomicReference<LoadedModel> slot = loaded.get(role);
        LoadedModel m = slot.get();
        if (m == null || !m.version().equals(version) || !slot.compareAndSet(m, null)) {
            return Optional.empty();
        }
        gauges.hide(role);
        return Optional.of(m);
    }

    /** Drops the canary or shadow version (its stage moved on); it closes once its in-flight calls are done. */
    void retire(Role role) {
        if (role == Role.SERVING) {
            throw new IllegalArgumentException("the serving version is only ever replaced");
        }
        LoadedModel previous = loaded.get(role).getAndSet(null);
        if (previous == null) {
            return;
        }
        gauges.hide(role);
        log.info("{} model {} retired (closed after its in-flight calls)", VersionGauges.name(role), previous.version());
        previous.release();
    }

    /** Empties every slot, each version closing after its in-flight calls, and refuses later swaps. */
    void close() {
        closed = true;
        for (AtomicReference<LoadedModel> slot : loaded.values()) {
            LoadedModel m = slot.getAndSet(null);
            if (m != null) {
                m.release();
            }
        }
    }
}
