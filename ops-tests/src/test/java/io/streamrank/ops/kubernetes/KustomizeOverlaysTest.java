package io.streamrank.ops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.streamrank.ops.Repo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each overlay of deploy/ renders with kubectl kustomize, parses strictly, and keeps the operational promises. */
class KustomizeOverlaysTest {

    private static final CrdSchema FLINK_DEPLOYMENT =
            CrdSchema.load("/crds/flinkdeployments.flink.apache.org-v1.yml", "v1beta1");

    static List<String> overlays() {
        return Manifests.overlays();
    }

    @Test
    void theCpuGpuAndEciOverlaysExist() {
        assertThat(overlays()).containsExactlyInAnyOrder("cpu", "gpu", "eci");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyRenderedObjectParsesStrictlyAgainstTheKubernetesApiModel(String overlay) {
        Manifests m = Manifests.render(overlay);
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (JsonNode o : m.objects()) {
            List<String> p = new ArrayList<>();
            if (o.path("kind").asText().equals("FlinkDeployment")) {
                p.addAll(FLINK_DEPLOYMENT.validate(o));
                p.addAll(StrictModel.problems(o.path("spec").path("podTemplate"), Pod.class));
            } else {
                p.addAll(StrictModel.problems(o));
            }
            if (o.toString().contains("REPLACED_FROM_CLOUD_ENV")) {
                p.add("a value from cloud.env was not substituted");
            }
            if (!p.isEmpty()) {
                problems.put(Manifests.id(o), p);
            }
        }
        assertThat(problems).as("objects of overlay %s that the API server would reject", overlay).isEmpty();
        assertThat(m.objects().stream().map(o -> o.path("kind").asText()).distinct())
                .contains("Namespace", "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget",
                        "NetworkPolicy", "ServiceMonitor", "PodMonitor", "FlinkDeployment", "CronJob",
                        "PrometheusRule", "PersistentVolume", "PersistentVolumeClaim", "ConfigMap");
    }

    @Test
    void theStrictParserRejectsUnknownAndMisplacedFields() throws Exception {
        JsonNode typo = Manifests.YAML.readTree("""
                apiVersion: v1
                kind: Service
                metadata: {name: x}
                spec:
                  selectr: {app: x}
                  ports: [{port: 80, targetPrt: 8080}]
                """);
        assertThat(StrictModel.problems(typo)).hasSize(2)
                .anyMatch(p -> p.contains("selectr")).anyMatch(p -> p.contains("targetPrt"));
        JsonNode flink = Manifests.YAML.readTree("""
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata: {name: x}
                spec: {flinkVersion: v9_9, jobManagr: {}}
                """);
        assertThat(FLINK_DEPLOYMENT.validate(flink)).hasSize(2);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void workloadsRunAsNonRootWithResourceLimitsAndTaggedImages(String overlay) {
        Manifests m = Manifests.render(overlay);
        List<JsonNode> podSpecs = new ArrayList<>();
        m.ofKind("Deployment").forEach(d -> podSpecs.add(d.at("/spec/template/spec")));
        m.ofKind("CronJob").forEach(c -> podSpecs.add(c.at("/spec/jobTemplate/spec/template/spec")));
        m.ofKind("FlinkDeployment").forEach(f -> podSpecs.add(f.at("/spec/podTemplate/spec")));
        assertThat(podSpecs).hasSize(5);
        for (JsonNode spec : podSpecs) {
            assertThat(spec.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
            assertThat(spec.at("/securityContext/runAsUser").asInt()).isPositive();
            for (JsonNode c : spec.path("containers")) {
                assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
            }
        }
        for (JsonNode d : m.ofKind("Deployment")) {
            for (JsonNode c : d.at("/spec/template/spec/containers")) {
                assertThat(c.at("/resources/requests/cpu").asText()).isNotEmpty();
                assertThat(c.at("/resources/requests/memory").asText()).isNotEmpty();
                assertThat(c.at("/resources/limits/memory").asText()).isNotEmpty();
                assertThat(c.path("image").asText()).matches("[^:]+:[^:]+").doesNotEndWith(":latest");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void rankingServiceHasProbesScalesOnCpuAndRequestsPerPodAndKeepsAQuorum(String overlay) {
        Manifests m = Manifests.render(overlay);
        JsonNode deployment = m.one("Deployment", "ranking-service");
        JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
        JsonNode c = deployment.at("/spec/template/spec/containers/0");
        assertThat(c.at("/startupProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness");
        assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/readiness");
        assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness");
        assertThat(c.at("/readinessProbe/httpGet/port").asText()).isEqualTo("management");

        JsonNode hpa = m.one("HorizontalPodAutoscaler", "ranking-service");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo("ranking-service");
        List<String> metrics = new ArrayList<>();
        hpa.at("/spec/metrics").forEach(x -> metrics.add(x.path("type").asText() + ":"
                + (x.has("resource") ? x.at("/resource/name").asText() : x.at("/pods/metric/name").asText())));
        JsonNode adapter = read("deploy/monitoring/prometheus-adapter-values.yaml");
        String custom = adapter.at("/rules/custom/0/name/as").asText();
        assertThat(metrics).containsExactlyInAnyOrder("Resource:cpu", "Pods:" + custom);
        assertThat(hpa.at("/spec/minReplicas").asInt()).isGreaterThanOrEqualTo(2);

        JsonNode pdb = m.one("PodDisruptionBudget", "ranking-service");
        assertThat(matches(pdb.at("/spec/selector/matchLabels"), podLabels)).isTrue();
        assertThat(hpa.at("/spec/minReplicas").asInt() - pdb.at("/spec/maxUnavailable").asInt())
                .as("replicas left during a voluntary disruption").isGreaterThanOrEqualTo(1);

        JsonNode lb = m.one("Service", "ranking-service");
        assertThat(lb.at("/spec/type").asText()).isEqualTo("LoadBalancer");
        assertThat(lb.at("/metadata/annotations/service.beta.kubernetes.io~1alibaba-cloud-loadbalancer-address-type")
                .asText()).isEqualTo("intranet");
        assertThat(lb.at("/spec/ports").findValuesAsText("targetPort")).containsExactly("http");

        JsonNode management = m.one("Service", "ranking-service-management");
        JsonNode sm = m.one("ServiceMonitor", "ranking-service");
        assertThat(matches(sm.at("/spec/selector/matchLabels"), management.at("/metadata/labels"))).isTrue();
        assertThat(matches(sm.at("/spec/selector/matchLabels"), lb.at("/metadata/labels"))).isFalse();
        assertThat(management.at("/spec/ports").findValuesAsText("name"))
                .contains(sm.at("/spec/endpoints/0/port").asText());
        assertThat(sm.at("/spec/endpoints/0/path").asText()).isEqualTo("/actuator/prometheus");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void modelRegistryServesItsApiAsOneWriterWithProbesAndMetricsOnTheModelStore(String overlay) {
        Manifests m = Manifests.render(overlay);
        JsonNode deployment = m.one("Deployment", "model-registry");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(deployment.at("/spec/strategy/type").asText()).as("never two writers of the store")
                .isEqualTo("Recreate");
        JsonNode c = deployment.at("/spec/template/spec/containers/0");
        assertThat(c.at("/command/3").asText()).isEqualTo("io.streamrank.registry.versions.RegistryCommand");
        assertThat(Repo.path("model-registry/target/classes/io/streamrank/registry/versions/RegistryCommand.class"))
                .isRegularFile();
        List<String> args = new ArrayList<>();
        c.at("/args").forEach(a -> args.add(a.asText()));
        assertThat(args).containsSubsequence("serve", "--port", "8081").containsSubsequence("--store", "/models");
        assertThat(c.at("/startupProbe/httpGet/path").asText()).isEqualTo("/health/liveness");
        assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/liveness");
        assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/readiness");
        JsonNode volumes = deployment.at("/spec/template/spec/volumes");
        assertThat(volumes.findValuesAsText("claimName")).contains("streamrank-models");
        // Served on 0.0.0.0, the registry needs its write token (ADR 60): the file the Secret mounts.
        String tokenFile = args.get(args.indexOf("--token-file") + 1);
        assertThat(secretFile(deployment, "streamrank-registry-token")).isEqualTo(tokenFile);
        JsonNode trainer = m.one("CronJob", "model-trainer");
        assertThat(trainer.at("/spec/jobTemplate/spec/template/spec/volumes").findValuesAsText("claimName"))
                .contains("streamrank-models");
        // Retention (ADR 77): the pruner runs the registry's prune on the same store, before the trainer each night.
        JsonNode pruner = m.one("CronJob", "model-pruner");
        JsonNode p = pruner.at("/spec/jobTemplate/spec/template/spec/containers/0");
        assertThat(p.at("/command/3").asText()).isEqualTo("io.streamrank.registry.versions.RegistryCommand");
        List<String> pruneArgs = new ArrayList<>();
        p.at("/args").forEach(a -> pruneArgs.add(a.asText()));
        assertThat(pruneArgs).startsWith("prune").containsSubsequence("--store", "/models")
                .containsSubsequence("--keep").doesNotContain("--dry-run");
        assertThat(pruner.at("/spec/jobTemplate/spec/template/spec/volumes").findValuesAsText("claimName"))
                .contains("streamrank-models");
        assertThat(pruner.at("/spec/concurrencyPolicy").asText()).isEqualTo("Forbid");
        assertThat(pruner.at("/spec/schedule").asText()).isEqualTo("0 3 * * *");
        assertThat(trainer.at("/spec/schedule").asText()).isEqualTo("30 3 * * *");

        JsonNode service = m.one("Service", "model-registry");
        assertThat(service.at("/spec/type").asText()).isEqualTo("ClusterIP");
        JsonNode sm = m.one("ServiceMonitor", "model-registry");
        assertThat(matches(sm.at("/spec/selector/matchLabels"), service.at("/metadata/labels"))).isTrue();
        assertThat(service.at("/spec/ports").findValuesAsText("name"))
                .contains(sm.at("/spec/endpoints/0/port").asText());
        assertThat(sm.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
        JsonNode policy = m.one("NetworkPolicy", "model-registry");
        assertThat(policy.at("/spec/ingress/0/ports").findValuesAsText("port")).containsExactly("8081");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void rankingServiceWritesNeedTheTokenFromItsSecret(String overlay) {
        Manifests m = Manifests.render(overlay);
        JsonNode deployment = m.one("Deployment", "ranking-service");
        Map<String, String> env = new LinkedHashMap<>();
        deployment.at("/spec/template/spec/containers/0/env").forEach(e -> env.put(e.path("name").asText(),
                e.path("value").asText()));
        // Listening on every address, the service refuses to start without a token (ADR 78): the file the Secret
        // mounts, and no opt-out.
        assertThat(env.get("STREAMRANK_API_WRITETOKENFILE")).isEqualTo(secretFile(deployment,
                "streamrank-api-token"));
        assertThat(env).doesNotContainKeys("STREAMRANK_API_UNAUTHENTICATEDWRITES", "STREAMRANK_API_WRITE_TOKEN");
        assertThat(env).doesNotContainKey("SERVER_ADDRESS");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void rankingPodsServeOnlyVersionsSignedWithThePublicKeysOfTheirConfigMap(String overlay) {
        Manifests m = Manifests.render(overlay);
        JsonNode deployment = m.one("Deployment", "ranking-service");
        Map<String, String> env = new LinkedHashMap<>();
        deployment.at("/spec/template/spec/containers/0/env").forEach(e -> env.put(e.path("name").asText(),
                e.path("value").asText()));
        // Production refuses unsigned versions (ADR 79): the key file the ConfigMap mounts. Not optional: a pod
        // without the ConfigMap waits with the reason in its events instead of crash-looping on a missing file.
        JsonNode spec = deployment.at("/spec/template/spec");
        assertThat(env.get("STREAMRANK_MODEL_VERIFYKEYS"))
                .isEqualTo(mountedFile(spec, "configMap", "streamrank-model-verify-keys", "verify-key.pem"));
        for (JsonNode v : spec.path("volumes")) {
            if (v.at("/configMap/name").asText().equals("streamrank-model-verify-keys")) {
                assertThat(v.at("/configMap/optional").asBoolean(false)).isFalse();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void onlyTheTrainerHoldsThePrivateKeyAndItSignsWhatItWrites(String overlay) {
        Manifests m = Manifests.render(overlay);
        JsonNode trainer = m.one("CronJob", "model-trainer");
        JsonNode spec = trainer.at("/spec/jobTemplate/spec/template/spec");
        String env = null;
        for (JsonNode e : spec.at("/containers/0/env")) {
            if (e.path("name").asText().equals("STREAMRANK_SIGNING_KEY_FILE")) {
                env = e.path("value").asText();
            }
        }
        assertThat(env).isEqualTo(mountedFile(spec, "secret", "streamrank-model-signing-key", "signing-key.pem"));
        // Whoever holds the private key decides what the pods run: no other object names its Secret, in a volume,
        // an env var, an envFrom or a projected volume (ADR 79).
        List<String> holders = new ArrayList<>();
        for (JsonNode o : m.objects()) {
            if (o.toString().contains("streamrank-model-signing-key") || o.toString().contains("STREAMRANK_SIGNING")) {
                holders.add(Manifests.id(o));
            }
        }
        assertThat(holders).containsExactly(Manifests.id(trainer));
    }

    /**
     * The path at which the Deployment's first container sees key {@code token} of Secret {@code secretName}: mounted
     * read-only, readable by the pod's group only (0440; the pods run as their fsGroup).
     */
    private static String secretFile(JsonNode deployment, String secretName) {
        return mountedFile(deployment.at("/spec/template/spec"), "secret", secretName, "token");
    }

    /**
     * The path at which the first container of pod {@code spec} sees {@code key} of the Secret or ConfigMap
     * ({@code source}: {@code secret} or {@code configMap}) named {@code name}: mounted read-only, and a Secret
     * readable by the pod's group only (0440; the pods run as their fsGroup).
     */
    private static String mountedFile(JsonNode spec, String source, String name, String key) {
        String nameField = source.equals("secret") ? "secretName" : "name";
        JsonNode volume = null;
        for (JsonNode v : spec.path("volumes")) {
            if (v.path(source).path(nameField).asText().equals(name)) {
                volume = v;
            }
        }
        assertThat(volume).as("a volume from %s %s", source, name).isNotNull();
        assertThat(volume.at("/" + source + "/items/0/key").asText()).isEqualTo(key);
        if (source.equals("secret")) {
            assertThat(volume.at("/secret/defaultMode").asInt()).isEqualTo(0440);
        }
        JsonNode mount = null;
        for (JsonNode mt : spec.at("/containers/0/volumeMounts")) {
            if (mt.at("/name").asText().equals(volume.at("/name").asText())) {
                mount = mt;
            }
        }
        assertThat(mount).as("the volume of %s %s mounted", source, name).isNotNull();
        assertThat(mount.at("/readOnly").asBoolean()).isTrue();
        return mount.at("/mountPath").asText() + "/" + volume.at("/" + source + "/items/0/path").asText();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void inferenceIsReachableOnlyFromInsideTheVpcAndCluster(String overlay) {
        Manifests m = Manifests.render(overlay);
        JsonNode policy = m.one("NetworkPolicy", "ranking-service");
        JsonNode podLabels = m.one("Deployment", "ranking-service").at("/spec/template/metadata/labels");
        assertThat(matches(policy.at("/spec/podSelector/matchLabels"), podLabels)).isTrue();
        assertThat(policy.at("/spec/policyTypes").toString()).contains("Ingress");
        assertThat(policy.toString()).doesNotContain("0.0.0.0/0");
        for (JsonNode cidr : policy.findValues("cidr")) {
            assertThat(cidr.asText()).matches("(10|172\\.(1[6-9]|2[0-9]|3[01])|192\\.168)\\..*");
        }
    }

    /** True when every label of {@code selector} is on {@code labels}. */
    private static boolean matches(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        var it = selector.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!labels.path(e.getKey()).asText().equals(e.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode read(String relative) {
        try {
            return Manifests.YAML.readTree(Repo.path(relative).toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
