/** Prometheus rules and config, Grafana dashboards, and the metric names they use against what is really exported. */
package io.streamrank.ops.monitoring;
