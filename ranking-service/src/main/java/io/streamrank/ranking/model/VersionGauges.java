package io.streamrank.ranking.model;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One gauge per role naming the loaded version: {@code streamrank.model.loaded{version, device}} for the serving one
 * (one series per pod, which the dashboards join on) and {@code streamrank.rollout.loaded{role, version, device}} for
 * the canary and the shadow. {@code device} ({@code cpu} or {@code gpu}) is the pod's for its life, so it keeps one
 * series per pod and lets a query split any stage's latency by device.
 */
final class VersionGauges {

    private final MeterRegistry meters;
    private final String device;
    private final Map<Role, Gauge> gauges = new EnumMap<>(Role.class);

    VersionGauges(MeterRegistry meters, String device) {
        this.meters = meters;
        this.device = device;
    }

    /** Shows {@code version} as loaded for {@code role} (1 while {@code slot} holds it), replacing the previous one. */
    synchronized void show(Role role, AtomicReference<LoadedModel> slot, LoadedModel version) {
        Gauge gauge = role == Role.SERVING
                ? Gauge.builder("streamrank.model.loaded", () -> slot.get() == version ? 1 : 0)
                        .tag("version", version.version()).tag("device", device)
                        .description("1 while this model version is serving")
                        .register(meters)
                : Gauge.builder("streamrank.rollout.loaded", () -> slot.get() == version ? 1 : 0)
                        .tag("role", name(role)).tag("version", version.version()).tag("device", device)
                        .description("1 while this model version is loaded as the canary or the shadow")
                        .register(meters);
        Gauge old = gauges.put(role, gauge);
        if (old != null && old != gauge) {
            meters.remove(old);
        }
    }

    /** No version loaded for {@code role} any more. */
    synchronized void hide(Role role) {
        Gauge old = gauges.remove(role);
        if (old != null) {
            meters.remove(old);
        }
    }

    static String name(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
