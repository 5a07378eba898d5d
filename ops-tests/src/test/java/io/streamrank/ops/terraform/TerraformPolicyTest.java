package io.streamrank.ops.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrank.ops.Repo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The security policy of terraform/, checked on the parsed HCL: nothing admitted from the internet, every bucket
 * private and encrypted with a KMS key and archived after 90 days, training data undeletable.
 */
class TerraformPolicyTest {

    private static final String PRIVATE_CIDR = "(10|172\\.(1[6-9]|2[0-9]|3[01])|192\\.168)\\.[0-9./]+";

    @Test
    void nothingIsOpenToTheInternet() throws IOException {
        for (var f : Repo.files(Repo.path("terraform"), ".tf")) {
            assertThat(Repo.read(f)).as("%s", f).doesNotContain("0.0.0.0/0").doesNotContain("::/0");
        }
        Map<String, JsonNode> rules = Hcl.resources("alicloud_security_group_rule");
        assertThat(rules).isNotEmpty();
        rules.forEach((name, rule) -> {
            assertThat(rule.path("type").asText()).as(name).isEqualTo("ingress");
            assertThat(rule.path("nic_type").asText()).as(name).isEqualTo("intranet");
            assertThat(rule.path("cidr_ip").asText()).as(name).isEqualTo("${var.vpc_cidr}");
        });
        // ...and var.vpc_cidr can only ever be private: a validation in the module and private defaults everywhere.
        Hcl.blocks("variable").forEach((name, v) -> {
            if (name.endsWith("/ vpc_cidr") && v.has("default")) {
                assertThat(v.path("default").asText()).as(name).matches(PRIVATE_CIDR);
            }
        });
        JsonNode moduleVar = Hcl.blocks("variable").get("terraform/modules/network/variables.tf / vpc_cidr");
        assertThat(moduleVar.at("/validation/0/condition").asText()).contains("192\\\\.168");
        Hcl.resources("alicloud_kvstore_instance").values().forEach(r ->
                assertThat(r.path("security_ips").toString()).contains("var.vpc_cidr"));
        Hcl.resources("alicloud_alikafka_instance_allowed_ip_attachment").values().forEach(r -> {
            assertThat(r.path("allowed_type").asText()).isEqualTo("vpc");
            assertThat(r.path("allowed_ip").asText()).isEqualTo("${var.vpc_cidr}");
        });
        Hcl.resources("alicloud_cs_managed_kubernetes").values().forEach(r ->
                assertThat(r.path("slb_internet_enabled").asBoolean(true)).isFalse());
    }

    @Test
    void everyBucketIsPrivateAndEncryptedWithAKmsKey() {
        Map<String, JsonNode> buckets = Hcl.resources("alicloud_oss_bucket");
        Map<String, JsonNode> acls = Hcl.resources("alicloud_oss_bucket_acl");
        assertThat(buckets).hasSizeGreaterThanOrEqualTo(2);
        buckets.forEach((name, b) -> {
            JsonNode sse = b.at("/server_side_encryption_rule/0");
            assertThat(sse.path("sse_algorithm").asText()).as("%s encryption", name).isEqualTo("KMS");
            assertThat(sse.path("kms_master_key_id").asText()).as(name).startsWith("${alicloud_kms_key.");
            assertThat(b.at("/versioning/0/status").asText()).as("%s versioning", name).isEqualTo("Enabled");
            assertThat(b.has("acl")).as("%s: ACL through alicloud_oss_bucket_acl only", name).isFalse();
            String file = name.substring(0, name.indexOf(" / "));
            String resource = name.substring(name.indexOf(" / ") + 3);
            boolean privateAcl = acls.entrySet().stream()
                    .filter(a -> a.getKey().startsWith(file))
                    .anyMatch(a -> a.getValue().path("acl").asText().equals("private")
                            && a.getValue().toString().contains("alicloud_oss_bucket." + resource));
            assertThat(privateAcl).as("%s has a private alicloud_oss_bucket_acl", name).isTrue();
        });
        acls.forEach((name, a) -> assertThat(a.path("acl").asText()).as(name).isEqualTo("private"));
    }

    @Test
    void dataBucketsArchiveObjectsAfter90DaysAndTheStateBucketOnlyOldVersions() {
        Hcl.resources("alicloud_oss_bucket").forEach((name, b) -> {
            JsonNode rule = b.at("/lifecycle_rule/0");
            assertThat(rule.path("enabled").asBoolean()).as(name).isTrue();
            assertThat(rule.at("/noncurrent_version_transition/0/days").asInt()).as(name).isEqualTo(90);
            assertThat(rule.at("/noncurrent_version_transition/0/storage_class").asText()).isEqualTo("Archive");
            if (name.contains("modules/storage")) {
                assertThat(rule.at("/transitions/0/days").asInt()).as(name).isEqualTo(90);
                assertThat(rule.at("/transitions/0/storage_class").asText()).as(name).isEqualTo("Archive");
            }
        });
    }

    @Test
    void onlyTheOssCsiServiceAccountMayAssumeTheBucketRole() {
        // Without the subject condition any pod of the cluster could assume it and write the models bucket.
        JsonNode role = Hcl.resources("alicloud_ram_role").get("terraform/modules/storage/main.tf / oss");
        assertThat(role).isNotNull();
        assertThat(role.path("assume_role_policy_document").asText())
                .contains("\"oidc:sub\"", "\"system:serviceaccount:ack-csi-fuse:csi-fuse-ossfs\"");
    }

    @Test
    void trainingDataCannotBeDeletedByAnyone() throws IOException {
        JsonNode policy = Hcl.resources("alicloud_oss_bucket_policy")
                .get("terraform/modules/storage/main.tf / training_data_deny_delete");
        assertThat(policy).isNotNull();
        assertThat(policy.path("bucket").asText()).contains("training_data");
        // Interpolations become <expression> so the policy parses as the JSON it will be once Terraform renders it.
        String rendered = policy.path("policy").asText().replaceAll("\\$\\{([^}]*)}", "<$1>");
        JsonNode doc = new ObjectMapper().readTree(rendered);
        JsonNode deny = doc.at("/Statement/0");
        assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
        assertThat(deny.path("Principal").toString()).contains("\"*\"");
        assertThat(deny.path("Action").toString()).contains("oss:DeleteObject", "oss:DeleteObjectVersion",
                "oss:DeleteBucket");
        List<String> resources = new ArrayList<>();
        deny.path("Resource").forEach(r -> resources.add(r.asText()));
        assertThat(resources).containsExactlyInAnyOrder("acs:oss:*:*:<local.buckets.training_data>",
                "acs:oss:*:*:<local.buckets.training_data>/*");
    }

    @Test
    void noCredentialsInAnyDeploymentFile() {
        List<String> findings = new ArrayList<>();
        for (String dir : List.of("terraform", "deploy", "grafana", "prometheus")) {
            for (var f : Repo.files(Repo.path(dir))) {
                CredentialScan.findings(Repo.read(f)).forEach(x -> findings.add(Repo.root().relativize(f) + ": " + x));
            }
        }
        CredentialScan.findings(Repo.read(Repo.path("docker-compose.yml")))
                .forEach(x -> findings.add("docker-compose.yml: " + x));
        assertThat(findings).isEmpty();
        Hcl.all().forEach((f, hcl) -> hcl.path("provider").path("alicloud").forEach(p ->
                assertThat(p.has("access_key") || p.has("secret_key")).as("credentials in provider of %s", f).isFalse()));
    }

    @Test
    void theCredentialScanFindsWhatItLooksFor() {
        assertThat(CredentialScan.findings("access_key = \"LTAI5tAbCdEfGhIjKlMnOpQr\"")).hasSize(2);
        assertThat(CredentialScan.findings("password: hunter2")).hasSize(1);
        assertThat(CredentialScan.findings("-----BEGIN RSA PRIVATE KEY-----")).hasSize(1);
        assertThat(CredentialScan.findings("secretKeyRef: {name: streamrank-flink-oss, key: access-key-secret}"))
                .isEmpty();
    }
}
