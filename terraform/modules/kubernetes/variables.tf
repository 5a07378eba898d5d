variable "name" {
  description = "Cluster name (and name prefix of its KMS key)."
  type        = string
}

variable "kubernetes_version" {
  description = "ACK Kubernetes version, e.g. 1.32.1-aliyun.1; null takes the newest at creation."
  type        = string
  default     = null
}

variable "vswitch_ids" {
  description = "Node and control-plane vSwitches (one per zone)."
  type        = list(string)
}

variable "pod_vswitch_ids" {
  description = "Terway pod vSwitches (one per zone)."
  type        = list(string)
}

variable "security_group_id" {
  description = "Intranet-only security group of the nodes."
  type        = string
}

variable "service_cidr" {
  description = "Kubernetes Service CIDR; must not overlap the VPC."
  type        = string
  default     = "172.21.0.0/20"
}

variable "deletion_protection" {
  description = "Refuse to delete the cluster (true in prod)."
  type        = bool
  default     = true
}

variable "node_pools" {
  description = "Node pools by name (cpu, gpu, flink): instance types, autoscaling bounds, data disk size and ESSD performance level, whether it has GPUs (tainted)."
  type = map(object({
    instance_types              = list(string)
    min_size                    = number
    max_size                    = number
    data_disk_size              = number
    data_disk_performance_level = string
    gpu                         = bool
  }))
}

variable "tags" {
  description = "Tags put on every resource."
  type        = map(string)
  default     = {}
}
