package io.streamrank.ops.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrank.ops.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** terraform/ parses as HCL and has the shape the README walks through: modules, two environments, remote state. */
class TerraformTest {

    @Test
    void everyTerraformFileParsesAsHcl() {
        Map<Path, JsonNode> all = Hcl.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(20);
        List<String> broken = new ArrayList<>();
        all.forEach((f, hcl) -> {
            if (hcl.has("__error") || hcl.isMissingNode()) {
                broken.add(f + ": " + hcl.path("__error").asText("no output"));
            }
        });
        assertThat(broken).isEmpty();
    }

    @Test
    void theParserRejectsBrokenHcl(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.tf"), "resource \"alicloud_vpc\" \"x\" {\n  cidr_block = \n");
        assertThat(Hcl.parse(List.of(bad)).get(bad).has("__error")).isTrue();
    }

    @Test
    void modulesAndBothEnvironmentsExistAndEnvironmentsKeepStateInOss() {
        for (String m : List.of("network", "storage", "kubernetes", "data")) {
            assertThat(Repo.path("terraform/modules/" + m + "/main.tf")).isRegularFile();
        }
        for (String env : List.of("dev", "prod")) {
            JsonNode backend = Hcl.all().get(Repo.path("terraform/envs/" + env + "/backend.tf"))
                    .at("/terraform/0/backend/oss/0");
            assertThat(backend.path("encrypt").asBoolean()).as("%s state encrypted", env).isTrue();
            assertThat(backend.path("acl").asText()).isEqualTo("private");
            assertThat(backend.path("tablestore_table").asText()).as("%s state locked", env).isNotEmpty();
            assertThat(backend.path("prefix").asText()).isEqualTo("envs/" + env);
            JsonNode main = Hcl.all().get(Repo.path("terraform/envs/" + env + "/main.tf"));
            List<String> modules = new ArrayList<>();
            main.path("module").fieldNames().forEachRemaining(modules::add);
            assertThat(modules).containsExactlyInAnyOrder("network", "kubernetes", "storage", "data");
        }
    }

    @Test
    void everyVariableAndOutputIsDocumented() {
        List<String> undocumented = new ArrayList<>();
        Hcl.blocks("variable").forEach((k, v) -> {
            if (v.path("description").asText().isBlank()) {
                undocumented.add("variable " + k);
            }
        });
        Hcl.blocks("output").forEach((k, v) -> {
            if (v.path("description").asText().isBlank()) {
                undocumented.add("output " + k);
            }
        });
        assertThat(Hcl.blocks("variable")).hasSizeGreaterThan(15);
        assertThat(undocumented).isEmpty();
        String readme = Repo.read(Repo.path("terraform/README.md"));
        List<String> notInReadme = new ArrayList<>();
        Hcl.blocks("variable").keySet().forEach(k -> addIfMissing(readme, k, notInReadme));
        Hcl.blocks("output").keySet().forEach(k -> addIfMissing(readme, k, notInReadme));
        assertThat(notInReadme).as("listed in terraform/README.md").isEmpty();
    }

    private static void addIfMissing(String readme, String key, List<String> missing) {
        String name = key.substring(key.lastIndexOf(" / ") + 3);
        if (!readme.contains("| `" + name + "` |")) {
            missing.add(key);
        }
    }

    @Test
    void clusterHasCpuGpuAndFlinkPoolsEciVirtualNodesAndPl3DisksWhereStateLives() {
        JsonNode cluster = Hcl.resources("alicloud_cs_managed_kubernetes").values().iterator().next();
        assertThat(cluster.path("slb_internet_enabled").asBoolean(true)).as("API server not on the internet").isFalse();
        assertThat(cluster.path("addons").findValuesAsText("name"))
                .contains("ack-virtual-node", "terway-eniip", "csi-plugin");
        assertThat(cluster.path("addons").toString()).contains("NetworkPolicy");
        assertThat(cluster.at("/rrsa_metadata/0/enabled").asBoolean()).isTrue();
        JsonNode pool = Hcl.resources("alicloud_cs_kubernetes_node_pool").values().iterator().next();
        assertThat(pool.at("/data_disks/0/category").asText()).isEqualTo("cloud_essd");
        assertThat(pool.at("/scaling_config/0/enable").asBoolean()).isTrue();
        for (String env : List.of("dev", "prod")) {
            String pools = Hcl.all().get(Repo.path("terraform/envs/" + env + "/main.tf"))
                    .at("/module/kubernetes/0/node_pools").toString();
            assertThat(pools).contains("cpu", "gpu", "flink");
            assertThat(pools).as("%s: flink pool on ESSD PL3", env).containsPattern("flink.*PL3");
        }
        assertThat(Hcl.resources("alicloud_kvstore_instance")).hasSize(1);
        assertThat(Hcl.resources("alicloud_alikafka_instance")).hasSize(1);
        assertThat(Hcl.resources("alicloud_alikafka_topic").values().iterator().next().path("for_each").toString())
                .contains("clickstream", "clickstream-dlq");
    }
}
