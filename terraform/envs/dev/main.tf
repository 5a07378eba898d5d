# Streamrank dev on Alibaba Cloud: network, ACK with cpu/gpu/flink node pools and ECI virtual nodes, OSS, Tair and
# ApsaraMQ for Kafka. State in OSS (backend.tf). Credentials come from the environment (ALIBABA_CLOUD_ACCESS_KEY_ID /
# ALIBABA_CLOUD_ACCESS_KEY_SECRET, a CLI profile or an ECS RAM role), never from a file. README: "Provision with Terraform".

provider "alicloud" {
  region = var.region
}

locals {
  name = "${var.name_prefix}-dev"
  tags = {
    project     = "streamrank"
    environment = "dev"
    managed-by  = "terraform"
  }
}

module "network" {
  source   = "../../modules/network"
  name     = local.name
  vpc_cidr = var.vpc_cidr
  zone_ids = var.zone_ids
  tags     = local.tags
}

module "kubernetes" {
  source              = "../../modules/kubernetes"
  name                = local.name
  vswitch_ids         = module.network.vswitch_ids
  pod_vswitch_ids     = module.network.pod_vswitch_ids
  security_group_id   = module.network.security_group_id
  deletion_protection = false
  tags                = local.tags
  node_pools = {
    cpu   = { instance_types = ["ecs.c7.xlarge", "ecs.c6.xlarge"], min_size = 1, max_size = 4, data_disk_size = 100, data_disk_performance_level = "PL1", gpu = false }
    gpu   = { instance_types = ["ecs.gn7i-c8g1.2xlarge"], min_size = 0, max_size = 1, data_disk_size = 100, data_disk_performance_level = "PL1", gpu = true }
    flink = { instance_types = ["ecs.g7.xlarge"], min_size = 1, max_size = 2, data_disk_size = 200, data_disk_performance_level = "PL3", gpu = false }
  }
}

module "storage" {
  source          = "../../modules/storage"
  name            = local.name
  redundancy_type = "LRS"
  cluster_id      = module.kubernetes.cluster_id
  oidc_issuer_url = module.kubernetes.oidc_issuer_url
  tags            = local.tags
}

module "data" {
  source               = "../../modules/data"
  name                 = local.name
  vpc_cidr             = module.network.vpc_cidr
  zone_id              = var.zone_ids[0]
  secondary_zone_id    = var.zone_ids[1]
  vswitch_id           = module.network.vswitch_ids[0]
  security_group_id    = module.network.security_group_id
  redis_instance_class = "redis.master.small.default"
  kafka_disk_size      = 500
  kafka_io_max_spec    = "alikafka.hw.2xlarge"
  kafka_partitions     = 4
  tags                 = local.tags
}
