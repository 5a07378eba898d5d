variable "name" {
  description = "Name prefix of the instances."
  type        = string
}

variable "vpc_cidr" {
  description = "VPC CIDR: the only source allowed to reach Tair and Kafka."
  type        = string
}

variable "zone_id" {
  description = "Primary zone of Tair."
  type        = string
}

variable "secondary_zone_id" {
  description = "Standby zone of Tair (high availability)."
  type        = string
}

variable "vswitch_id" {
  description = "vSwitch of Tair and Kafka."
  type        = string
}

variable "security_group_id" {
  description = "Intranet-only security group of the Kafka instance."
  type        = string
}

variable "redis_instance_class" {
  description = "Tair/Redis instance class, e.g. redis.master.large.default (8 GB) in prod."
  type        = string
}

variable "kafka_disk_size" {
  description = "ApsaraMQ for Kafka disk size in GB."
  type        = number
}

variable "kafka_io_max_spec" {
  description = "ApsaraMQ for Kafka traffic specification, e.g. alikafka.hw.2xlarge."
  type        = string
}

variable "kafka_partitions" {
  description = "Partitions per topic (the feature job's source parallelism is at most this)."
  type        = number
  default     = 12
}

variable "tags" {
  description = "Tags put on every resource."
  type        = map(string)
  default     = {}
}
