package io.streamrank.ranking.warmup;

import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.ann.AnnIndex;
import io.streamrank.ranking.ann.HnswIndex;
import io.streamrank.ranking.cache.Preloaded;
import io.streamrank.ranking.cache.Tracking;
import io.streamrank.ranking.features.RedisConnection;
import io.streamrank.ranking.model.ModelScorer;
import io.streamrank.ranking.retrieval.PopularitySnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Ranks for the service itself before it reports ready. Spring Boot runs application runners after the web server
 * has started and before readiness turns to accepting traffic, so a pod's readiness probe fails, and no client
 * request arrives, until the JIT has compiled the request path under the load it will see: closed-loop requests at
 * the concurrency limit, then a short spell above it, so that the wait list and the 503 are compiled too (the
 * branches whose first use deoptimized compiled code in the middle of measured runs, ADR 46); then, while the JIT is
 * still compiling what that load queued, at a third of that rate until it has settled ({@link JitSettling}), up to
 * {@code max-duration} in all (ADR 62). Last of the runners: the catalog CSV is in Redis by then. Never fails the
 * start: whatever goes wrong, the pod reports ready after it.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class StartupWarmup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(StartupWarmup.class);
    /** Share of the warm-up spent above the concurrency limit. */
    private static final double OVERLOAD_SHARE = 0.15;
    /** Keys per preload MGET. */
    private static final int PRELOAD_BATCH = 1000;
    /** How long the preload waits for Redis to confirm tracking (the connection is new). */
    private static final Duration TRACKING_WAIT = Duration.ofSeconds(2);
    /** The JIT counts as settled once its threads compiled less than this share of one core over the window. */
    private static final double JIT_SETTLED_SHARE = 0.2;
    private static final Duration JIT_WINDOW = Duration.ofSeconds(2);
    /**
     * While the JIT catches up, each connection waits this many times its latency at the limit between requests: at
     * the limit the C2 compiler thread got a third of a core of two (JFR, ADR 62).
     */
    private static final double SETTLE_SLOWDOWN = 3;
    /** Latency assumed when the spell at the limit measured none. */
    private static final double FALLBACK_LATENCY_MS = 10;
    /** Connections above max-concurrent + max-waiting in that spell: enough for some 503s. */
    private static final int OVERLOAD_EXTRA = 8;

    private final RankingProperties.Warmup settings;
    private final RankingProperties.Api api;
    private final RedisConnection redis;
    private final AnnIndex ann;
    private final ModelScorer model;
    private final WarmupToken token;
    private final Environment environment;
    private final List<Preloaded> caches;
    private final PopularitySnapshot popular;

    StartupWarmup(RankingProperties properties, RedisConnection redis, AnnIndex ann, ModelScorer model,
                  WarmupToken token, Environment environment, List<Preloaded> caches, PopularitySnapshot popular) {
        this.caches = caches;
        this.popular = popular;
        this.model = model;
        this.settings = properties.warmup();
        this.api = properties.api();
        this.redis = redis;
        this.ann = ann;
        this.token = token;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        Duration duration = settings.duration();
        Integer port = environment.getProperty("local.server.port", Integer.class);
        if (duration.isZero() || duration.isNegative() || port == null || port <= 0) {
            log.info("warm-up off (streamrank.warmup.duration {}): ready at once", duration);
            return;
        }
        if (environment.getProperty("server.ssl.enabled", Boolean.class, false)) {
            // Its client speaks plain HTTP: every request would fail, and the pod report ready unwarmed all the same.
            log.warn("warm-up off: the service's port serves TLS (server.ssl.enabled), which the warm-up does not "
                    + "speak; ready at once, and the first requests meet an unwarmed JIT");
            return;
        }
        long begin = System.nanoTime();
        boolean indexed = awaitIndex();
        WarmupUsers.Sample users = WarmupUsers.sample(redis, settings.users());
        preload();
        Duration longest = duration.compareTo(settings.maxDuration()) >= 0 ? duration : settings.maxDuration();
        WarmupPages pages = WarmupPages.of(popular.snapshot(), model.itemCategories(), ann.index());
        log.info("warm-up: ranking for itself for {} s, up to {} s while the JIT is busy, before reporting ready ({} {}"
                        + " users, HNSW index {}, {}, {})", duration.toSeconds(), longest.toSeconds(),
                users.ids().size(), users.real() ? "sampled" : "synthetic",
                indexed ? "ready" : "not ready: " + ann.unavailableReason(),
                pages.category() == 0L ? "no category known for category pages"
                        : "category pages of " + pages.category(),
                pages.item() == 0L ? "no indexed item for product pages" : "product pages of " + pages.item());
        WarmupLoad load = new WarmupLoad(WarmupLoad.host(environment.getProperty("server.address")), port,
                token.value(), users.ids(), pages.category(), pages.item());
        Duration atLimitTime = Duration.ofNanos((long) (duration.toNanos() * (1 - OVERLOAD_SHARE)));
        WarmupLoad.Tally atLimit = load.run(api.maxConcurrent(), atLimitTime);
        WarmupLoad.Tally above = load.run(api.maxConcurrent() + api.maxWaiting() + OVERLOAD_EXTRA,
                duration.minus(atLimitTime));
        String settle = settle(load, atLimit.lastSecondMs(), settings.maxDuration().minus(duration));
        log.info("warm-up done in {} s: {} requests at the concurrency limit ({} connections; mean latency {} ms in the"
                        + " first second, {} ms in the last), {} above it ({} answered, {} shed with 503), {} failed; {}",
                String.format("%.1f", (System.nanoTime() - begin) / 1e9), atLimit.requests(), api.maxConcurrent(),
                String.format("%.1f", atLimit.firstSecondMs()), String.format("%.2f", atLimit.lastSecondMs()),
                above.requests(), above.ok(), above.shed(), atLimit.failed() + above.failed(), settle);
    }

    /**
     * Lets the JIT finish what the load queued: the same connections, each paced to a third of the rate it reached at
     * the limit ({@code atLimitMs}, the last second's mean latency), so that the compiler threads get the cores the
     * load took from them while the request path keeps its concurrent profile, until they are nearly idle or
     * {@code atMost} has passed (ADR 62). Says what happened, for the log.
     */
    private String settle(WarmupLoad load, double atLimitMs, Duration atMost) throws InterruptedException {
        if (atMost.isNegative() || atMost.isZero()) {
            return "no wait for the JIT (max-duration not above duration)";
        }
        JitSettling jit = JitSettling.ofThisJvm(JIT_WINDOW, JIT_SETTLED_SHARE);
        if (jit == null) {
            return "no wait for the JIT: this JVM does not report its compilation time";
        }
        double latencyMs = Double.isNaN(atLimitMs) ? FALLBACK_LATENCY_MS : atLimitMs;
        Duration interval = Duration.ofNanos((long) (latencyMs * SETTLE_SLOWDOWN * 1e6));
        WarmupLoad.Tally settling = load.run(api.maxConcurrent(), interval, atMost, jit::settled);
        return String.format("then %.1f s at a third of that rate for the JIT (%d requests), %s: it compiled %.0f %% of"
                        + " a core over the last %d s", settling.took().toMillis() / 1e3, settling.requests(),
                settling.took().compareTo(atMost) >= 0 ? "still busy at max-duration" : "settled",
                100 * jit.lastShare(), JIT_WINDOW.toSeconds());
    }

    /**
     * Reads item values, catalog entries and retrieval lists into the caches while Redis tracks their keys (ADR 56,
     * ADR 57): there they stay until Redis announces a change, so the first requests do not each read the ones they
     * are the first to use, in a Redis round after the user's. The items are the served model's, then others the
     * feature store holds ({@link PreloadIds}). Without tracking they would run out within seconds: nothing is read.
     */
    private void preload() throws InterruptedException {
        int max = settings.preloadItems();
        if (max == 0) {
            log.info("warm-up: nothing preloaded (preload-items 0)");
            return;
        }
        Tracking tracking = redis.tracking();
        long deadline = System.nanoTime() + TRACKING_WAIT.toNanos();
        while (!tracking.trusted() && tracking != Tracking.OFF && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        if (!tracking.trusted()) {
            log.info("warm-up: nothing preloaded (Redis does not track the cached keys)");
            return;
        }
        long begin = System.nanoTime();
        List<String> read = new ArrayList<>();
        try {
            long[] modelItems = ann.index().map(HnswIndex::itemIds).orElse(new long[0]);
            Preloaded.Ids ids = PreloadIds.gather(redis, modelItems, max);
            read.add(String.format("scanned in %.1f s", (System.nanoTime() - begin) / 1e9));
            for (Preloaded cache : caches) {
                read.add(cache.preload(ids, PRELOAD_BATCH) + " " + cache.what());
            }
            log.info("warm-up: read {} for {} items ({} of the model's) and {} categories into the caches in {} s",
                    read, ids.items().length, Math.min(modelItems.length, max), ids.categories().length,
                    String.format("%.1f", (System.nanoTime() - begin) / 1e9));
        } catch (RuntimeException e) {
            log.warn("warm-up: preloading failed after {}: {}", read, e.toString());
        }
    }

    /**
     * Waits for the HNSW index of the served model, if there is a model, within {@code await-index}. Building it takes
     * a core for seconds (44 s for 55,000 items on the bench's busy machine): a pod that took traffic meanwhile would
     * serve without the ANN source and with a core less.
     */
    private boolean awaitIndex() throws InterruptedException {
        long deadline = System.nanoTime() + settings.awaitIndex().toNanos();
        while (ann.index().isEmpty() && indexExpected() && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
        }
        return ann.index().isPresent();
    }

    /** Whether an index is still to come: being built, or a model is served whose embeddings were not looked at yet. */
    private boolean indexExpected() {
        String reason = ann.unavailableReason();
        return "loading".equals(reason) || "no_model".equals(reason) && model.version().isPresent();
    }
}
