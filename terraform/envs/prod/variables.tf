variable "region" {
  description = "Alibaba Cloud region."
  type        = string
  default     = "cn-hangzhou"
}

variable "zone_ids" {
  description = "Two or more zones of the region (vSwitches, node pools, Tair primary and standby)."
  type        = list(string)
  default     = ["cn-hangzhou-h", "cn-hangzhou-i"]
}

variable "name_prefix" {
  description = "Prefix of every resource name; OSS bucket names are global, so pick one nobody else uses."
  type        = string
  default     = "streamrank"
}

variable "vpc_cidr" {
  description = "Private CIDR of the VPC; deploy/base/ranking-service/networkpolicy.yaml admits this range."
  type        = string
  default     = "192.168.0.0/16"
}
