package io.streamrank.ranking.recommend;

import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.recommend.RecommendMetrics.Outcome;
import io.streamrank.ranking.web.ApiException;
import io.streamrank.ranking.web.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Bounds the recommendation requests in progress. A request that finds no free slot within
 * {@code streamrank.api.acquire-timeout} is answered at once with 503 + Retry-After instead of queueing behind the
 * others (queues only turn overload into timeouts for everyone). Counted as outcome {@code overloaded}.
 */
@Component
class ConcurrencyLimit implements HandlerInterceptor {

    private static final String HELD = ConcurrencyLimit.class.getName() + ".held";

    private final Semaphore slots;
    private final long waitNanos;
    private final long retryAfterSeconds;
    private final RecommendMetrics metrics;

    ConcurrencyLimit(RankingProperties properties, RecommendMetrics metrics) {
        RankingProperties.Api api = properties.api();
        this.slots = new Semaphore(api.maxConcurrent());
        this.waitNanos = api.acquireTimeout().toNanos();
        this.retryAfterSeconds = Math.max(1L, api.retryAfter().toSeconds());
        this.metrics = metrics;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws InterruptedException {
        if (slots.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
            request.setAttribute(HELD, Boolean.TRUE);
            return true;
        }
        metrics.outcome(Outcome.OVERLOADED);
        throw new ApiException(ProblemType.OVERLOADED, "too many recommendation requests in progress; retry after "
                + retryAfterSeconds + " s", Map.of(), retryAfterSeconds);
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                Exception ex) {
        if (request.getAttribute(HELD) != null) {
            request.removeAttribute(HELD);
            slots.release();
        }
    }
}
