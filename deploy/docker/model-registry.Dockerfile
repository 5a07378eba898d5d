# syntax=docker/dockerfile:1.7
# model-registry: the trainer CLI (io.streamrank.registry.TrainCommand, the entrypoint: a run-to-completion job whose
# arguments are TrainCommand's, --events FILE --models DIR ...; --help lists them) and the registry API on port 8081
# (io.streamrank.registry.versions.RegistryCommand serve, with /health/liveness, /health/readiness and /metrics, ADR
# 58), which docker-compose.yml and deploy/base/model-registry start by overriding the entrypoint. Build from the
# repository root:
#   docker build -f deploy/docker/model-registry.Dockerfile -t streamrank/model-registry:0.1.0-SNAPSHOT .
ARG JDK_IMAGE=eclipse-temurin:17.0.13_11-jdk-jammy
ARG JRE_IMAGE=eclipse-temurin:17.0.13_11-jre-jammy

FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY . .
# The runtime classpath (the natives jar is provided-scope, used only unpacked) is copied next to the module's jar.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -Dproject.build.outputTimestamp=2026-01-01T00:00:00Z \
      -Dtf.natives.classifier=linux-x86_64 -pl model-registry -am package \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib \
 && cp model-registry/target/model-registry-*.jar model-registry/target/lib/

FROM ${JRE_IMAGE}
COPY --from=build /src/model-registry/target/lib/ /opt/streamrank/lib/
COPY --from=build /src/target/tensorflow-natives/linux-x86_64/ /opt/streamrank/natives/
# The model store volume takes this owner, so the ranking service (same uid) reads what the trainer wrote.
RUN mkdir -p /models && chown 10001:10001 /models
USER 10001:10001
EXPOSE 8081
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70"
ENTRYPOINT ["java", "-Dai.djl.offline=true", "-DTENSORFLOW_LIBRARY_PATH=/opt/streamrank/natives", \
            "-cp", "/opt/streamrank/lib/*", "io.streamrank.registry.TrainCommand"]
CMD ["--help"]
