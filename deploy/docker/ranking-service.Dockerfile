# syntax=docker/dockerfile:1.7
# Ranking service, CPU image. Build from the repository root:
#   docker build -f deploy/docker/ranking-service.Dockerfile -t streamrank/ranking-service:0.1.0-SNAPSHOT .
# Reproducible: pinned base images, Maven and every dependency pinned by the wrapper and the poms, and jar entries
# stamped with a fixed project.build.outputTimestamp. The TensorFlow natives are unpacked by the Maven build (nothing
# is downloaded when the container runs; DJL runs offline).
ARG JDK_IMAGE=eclipse-temurin:17.0.13_11-jdk-jammy
ARG JRE_IMAGE=eclipse-temurin:17.0.13_11-jre-jammy

FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -Dproject.build.outputTimestamp=2026-01-01T00:00:00Z \
      -Dtf.natives.classifier=linux-x86_64 -pl ranking-service -am package

FROM ${JRE_IMAGE}
COPY --from=build /src/ranking-service/target/ranking-service.jar /opt/streamrank/ranking-service.jar
COPY --from=build /src/target/tensorflow-natives/linux-x86_64/ /opt/streamrank/natives/
RUN mkdir -p /models && chown 10001:10001 /models
# Numeric non-root user (no passwd entry needed); Kubernetes runs it as the same uid (runAsUser: 10001).
USER 10001:10001
ENV STREAMRANK_MODEL_DIR=/models \
    DJL_CACHE_DIR=/tmp/djl \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+UseTransparentHugePages -XX:-ClassUnloadingWithConcurrentMark -XX:MetaspaceSize=128m -XX:InitiatingHeapOccupancyPercent=70 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080 8081
ENTRYPOINT ["java", "-Dai.djl.offline=true", "-DTENSORFLOW_LIBRARY_PATH=/opt/streamrank/natives", \
            "-jar", "/opt/streamrank/ranking-service.jar"]
