# ACK Pro managed cluster: private API server (no internet SLB), Terway with NetworkPolicy, secrets encrypted with KMS,
# RRSA for pod identities, ECI virtual nodes (ack-virtual-node) for burst capacity, and three autoscaling node pools:
#   cpu   - ranking service, trainer (label streamrank.io/pool=cpu)
#   gpu   - ranking service on GPUs (label streamrank.io/pool=gpu, taint nvidia.com/gpu=true:NoSchedule)
#   flink - Flink JobManager/TaskManagers; RocksDB state on ESSD PL3 data disks (label streamrank.io/pool=flink)
# The labels and taint are what deploy/ selects and tolerates; ops-tests checks that the two agree.

resource "alicloud_kms_key" "secrets" {
  description            = "${var.name} Kubernetes secrets encryption"
  key_spec               = "Aliyun_AES_256"
  key_usage              = "ENCRYPT/DECRYPT"
  pending_window_in_days = 30
  status                 = "Enabled"
}

resource "alicloud_cs_managed_kubernetes" "this" {
  name                    = var.name
  cluster_spec            = "ack.pro.small"
  version                 = var.kubernetes_version
  vswitch_ids             = var.vswitch_ids
  pod_vswitch_ids         = var.pod_vswitch_ids
  security_group_id       = var.security_group_id
  new_nat_gateway         = true
  slb_internet_enabled    = false
  service_cidr            = var.service_cidr
  proxy_mode              = "ipvs"
  deletion_protection     = var.deletion_protection
  encryption_provider_key = alicloud_kms_key.secrets.id
  tags                    = var.tags

  rrsa_metadata {
    enabled = true
  }

  addons {
    name   = "terway-eniip"
    config = jsonencode({ NetworkPolicy = "true" })
  }
  addons {
    name = "csi-plugin"
  }
  addons {
    name = "managed-csiprovisioner"
  }
  addons {
    name = "ack-virtual-node"
  }
  addons {
    name = "metrics-server"
  }
}

resource "alicloud_cs_kubernetes_node_pool" "this" {
  for_each                      = var.node_pools
  cluster_id                    = alicloud_cs_managed_kubernetes.this.id
  node_pool_name                = each.key
  vswitch_ids                   = var.vswitch_ids
  security_group_ids            = [var.security_group_id]
  instance_types                = each.value.instance_types
  system_disk_category          = "cloud_essd"
  system_disk_size              = 120
  system_disk_performance_level = "PL1"
  tags                          = var.tags

  # Where state lives (RocksDB working directories, container storage): ESSD at the pool's performance level.
  data_disks {
    category          = "cloud_essd"
    size              = each.value.data_disk_size
    performance_level = each.value.data_disk_performance_level
    encrypted         = "true"
  }

  scaling_config {
    enable   = true
    min_size = each.value.min_size
    max_size = each.value.max_size
  }

  labels {
    key   = "streamrank.io/pool"
    value = each.key
  }

  dynamic "taints" {
    for_each = each.value.gpu ? [1] : []
    content {
      key    = "nvidia.com/gpu"
      value  = "true"
      effect = "NoSchedule"
    }
  }
}
