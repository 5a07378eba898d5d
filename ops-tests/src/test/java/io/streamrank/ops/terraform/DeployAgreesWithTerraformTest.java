package io.streamrank.ops.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streamrank.ops.Repo;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What deploy/ assumes about the cloud is what terraform/ creates: pools, taints, the VPC range, cloud.env keys. */
class DeployAgreesWithTerraformTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyNodePoolDeploySelectsIsOneTerraformCreatesWithTheSameLabel() {
        Set<String> selected = new TreeSet<>();
        Matcher m = Pattern.compile("streamrank\\.io/pool:\\s*(\\w+)").matcher(allDeployYaml());
        while (m.find()) {
            selected.add(m.group(1));
        }
        assertThat(selected).contains("cpu", "gpu", "flink");
        String module = Repo.read(Repo.path("terraform/modules/kubernetes/main.tf"));
        assertThat(module).contains("key   = \"streamrank.io/pool\"").contains("value = each.key");
        for (String env : new String[] {"dev", "prod"}) {
            JsonNode pools = Hcl.all().get(Repo.path("terraform/envs/" + env + "/main.tf"))
                    .at("/module/kubernetes/0/node_pools");
            Set<String> created = new TreeSet<>();
            if (pools.isObject()) {
                pools.fieldNames().forEachRemaining(created::add);
            } else {
                Matcher p = Pattern.compile("(\\w+)\\s*=\\s*\\{").matcher(pools.asText());
                while (p.find()) {
                    created.add(p.group(1));
                }
            }
            assertThat(created).as("node pools of %s", env).containsAll(selected);
        }
    }

    @Test
    void theGpuTaintIsTheOneTheGpuOverlayTolerates() {
        String module = Repo.read(Repo.path("terraform/modules/kubernetes/main.tf"));
        assertThat(module).contains("key    = \"nvidia.com/gpu\"").contains("effect = \"NoSchedule\"");
        assertThat(Repo.read(Repo.path("deploy/overlays/gpu/kustomization.yaml")))
                .contains("key: nvidia.com/gpu").contains("effect: NoSchedule");
    }

    @Test
    void theNetworkPoliciesAdmitExactlyTheVpcRange() throws IOException {
        for (String file : new String[] {"deploy/base/ranking-service/networkpolicy.yaml",
            "deploy/base/model-registry/networkpolicy.yaml"}) {
            JsonNode policy = YAML.readTree(Repo.path(file).toFile());
            Set<String> cidrs = new TreeSet<>(policy.findValuesAsText("cidr"));
            for (String env : new String[] {"dev", "prod"}) {
                String vpc = Hcl.blocks("variable").get("terraform/envs/" + env + "/variables.tf / vpc_cidr")
                        .path("default").asText();
                assertThat(cidrs).as("%s CIDRs vs %s vpc_cidr", file, env).containsExactly(vpc);
            }
        }
    }

    @Test
    void terraformWritesExactlyTheKeysOfCloudEnv() {
        Set<String> deployKeys = keys(Repo.read(Repo.path("deploy/base/cloud.env")));
        assertThat(deployKeys).contains("KAFKA_BOOTSTRAP", "REDIS_URI", "FLINK_CHECKPOINTS_DIR");
        for (String env : new String[] {"dev", "prod"}) {
            String value = Hcl.blocks("output").get("terraform/envs/" + env + "/outputs.tf / cloud_env")
                    .path("value").asText();
            assertThat(keys(value)).as("cloud_env of %s", env).isEqualTo(deployKeys);
        }
    }

    private static Set<String> keys(String env) {
        Set<String> keys = new TreeSet<>();
        env.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#") && l.contains("="))
                .forEach(l -> keys.add(l.substring(0, l.indexOf('='))));
        return keys;
    }

    private static String allDeployYaml() {
        StringBuilder sb = new StringBuilder();
        Repo.files(Repo.path("deploy"), ".yaml").forEach(f -> sb.append(Repo.read(f)).append('\n'));
        return sb.toString();
    }
}
