# syntax=docker/dockerfile:1.7
# Ranking service, GPU image: the TensorFlow natives of classifier linux-x86_64-gpu (TF 2.16, built against CUDA 12 and
# cuDNN 8.9) on NVIDIA's CUDA 12 + cuDNN 8 runtime, with streamrank.model.device=gpu. Build from the repository root:
#   docker build -f deploy/docker/ranking-service-gpu.Dockerfile -t streamrank/ranking-service-gpu:0.1.0-SNAPSHOT .
# Not exercised on a GPU here (no Docker engine, no GPU): see README, "What could not be exercised".
ARG JDK_IMAGE=eclipse-temurin:17.0.13_11-jdk-jammy
ARG CUDA_IMAGE=nvidia/cuda:12.2.2-cudnn8-runtime-ubuntu22.04

FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -Dproject.build.outputTimestamp=2026-01-01T00:00:00Z \
      -Dtf.natives.classifier=linux-x86_64-gpu -pl ranking-service -am package

# The JRE comes from the same Temurin build as the CPU image, copied in rather than installed with apt.
FROM ${JDK_IMAGE} AS jre
RUN jlink --add-modules ALL-MODULE-PATH --strip-debug --no-man-pages --no-header-files --output /opt/jre

FROM ${CUDA_IMAGE}
COPY --from=jre /opt/jre /opt/java
COPY --from=build /src/ranking-service/target/ranking-service.jar /opt/streamrank/ranking-service.jar
COPY --from=build /src/target/tensorflow-natives/linux-x86_64-gpu/ /opt/streamrank/natives/
USER 10001:10001
ENV PATH=/opt/java/bin:$PATH \
    STREAMRANK_MODEL_DIR=/models \
    STREAMRANK_MODEL_DEVICE=gpu \
    DJL_CACHE_DIR=/tmp/djl \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+UseTransparentHugePages -XX:-ClassUnloadingWithConcurrentMark -XX:MetaspaceSize=128m -XX:InitiatingHeapOccupancyPercent=70 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080 8081
ENTRYPOINT ["java", "-Dai.djl.offline=true", "-DTENSORFLOW_LIBRARY_PATH=/opt/streamrank/natives", \
            "-jar", "/opt/streamrank/ranking-service.jar"]
