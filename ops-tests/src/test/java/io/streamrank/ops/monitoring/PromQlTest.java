package io.streamrank.ops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsTheMetricInsideFunctionsMatchersAndRanges() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le, stage) "
                + "(rate(streamrank_recommend_latency_seconds_bucket{stage=~\"total|score\"}[$__rate_interval])))"))
                .containsExactly("streamrank_recommend_latency_seconds_bucket");
    }

    @Test
    void findsBothSidesOfABinaryOperationWithVectorMatching() {
        assertThat(PromQl.metricNames("sum by (version) (rate(a_total[5m]) * on (instance) group_left (version) "
                + "(b_loaded == 1)) / ignoring (x) c offset 1w > bool 0.01"))
                .containsExactly("a_total", "b_loaded", "c");
    }

    @Test
    void ignoresKeywordsNumbersDurationsAndLabelValuesThatLookLikeNames() {
        assertThat(PromQl.metricNames("max without (job) (x{outcome=\"degraded_redis\"}) > 5e3 "
                + "and y unless z offset 7d or 1"))
                .containsExactly("x", "y", "z");
    }

    @Test
    void readsAdapterTemplatesAndGrafanaVariablesAsNoise() {
        assertThat(PromQl.metricNames("sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)"))
                .isEmpty();
        assertThat(PromQl.metricNames("rate(q_total{job=\"$job\"}[${__rate_interval}])")).containsExactly("q_total");
    }
}
