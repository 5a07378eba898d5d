/** {@code bin/pipeline-cluster-smoke}: the shaded job jar submitted to a real standalone Flink cluster. */
package io.streamrank.pipeline.smoke;
