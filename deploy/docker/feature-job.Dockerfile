# syntax=docker/dockerfile:1.7
# The feature job on Flink's official image (application mode: the job jar in usrlib/). Used by docker-compose
# (standalone-job + taskmanager) and by the FlinkDeployment of deploy/ (jarURI local:///opt/flink/usrlib/...).
#   docker build -f deploy/docker/feature-job.Dockerfile -t streamrank/feature-job:0.1.0-SNAPSHOT .
ARG JDK_IMAGE=eclipse-temurin:17.0.13_11-jdk-jammy
ARG FLINK_IMAGE=flink:2.2.1-java17

FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -Dproject.build.outputTimestamp=2026-01-01T00:00:00Z \
      -pl feature-pipeline -am package

FROM ${FLINK_IMAGE}
# Prometheus reporter as a plugin (metrics.reporter.prom.*); taken from opt/ if the distribution does not enable it.
RUN set -e; if ! ls /opt/flink/plugins/metrics-prometheus/flink-metrics-prometheus-*.jar >/dev/null 2>&1; then \
      mkdir -p /opt/flink/plugins/metrics-prometheus; \
      cp /opt/flink/opt/flink-metrics-prometheus-*.jar /opt/flink/plugins/metrics-prometheus/; fi
COPY --from=build --chown=flink:flink /src/feature-pipeline/target/feature-pipeline-0.1.0-SNAPSHOT-job.jar \
     /opt/flink/usrlib/feature-pipeline-job.jar
# Checkpoint volume of docker-compose: a named volume takes the owner of this directory.
RUN mkdir -p /flink-data && chown flink:flink /flink-data
# The image's own non-root user (uid 9999; Kubernetes: runAsUser 9999).
USER flink
