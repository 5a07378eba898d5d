# Tair (Redis-compatible) for the features and ApsaraMQ for Kafka for the clickstream, both inside the VPC only.
# Tair uses VPC password-free access (vpc_auth_mode = "Close") so no password exists to leak; only the VPC CIDR is on
# its allow-list, and Kafka's VPC endpoint admits only the VPC CIDR as well.

resource "alicloud_kvstore_instance" "features" {
  db_instance_name  = "${var.name}-features"
  instance_type     = "Redis"
  engine_version    = "7.0"
  instance_class    = var.redis_instance_class
  zone_id           = var.zone_id
  secondary_zone_id = var.secondary_zone_id
  vswitch_id        = var.vswitch_id
  security_ips      = [var.vpc_cidr]
  vpc_auth_mode     = "Close"
  payment_type      = "PostPaid"
  tags              = var.tags
}

resource "alicloud_alikafka_instance" "clickstream" {
  name           = "${var.name}-clickstream"
  partition_num  = 50
  disk_type      = 1
  disk_size      = var.kafka_disk_size
  deploy_type    = 5
  io_max_spec    = var.kafka_io_max_spec
  spec_type      = "normal"
  vswitch_id     = var.vswitch_id
  security_group = var.security_group_id
  tags           = var.tags
}

resource "alicloud_alikafka_instance_allowed_ip_attachment" "vpc" {
  instance_id  = alicloud_alikafka_instance.clickstream.id
  allowed_type = "vpc"
  port_range   = "9092/9092"
  allowed_ip   = var.vpc_cidr
}

resource "alicloud_alikafka_topic" "this" {
  for_each      = { clickstream = "Clickstream events keyed by user id", "clickstream-dlq" = "Records the feature job rejected, with a reason header" }
  instance_id   = alicloud_alikafka_instance.clickstream.id
  topic         = each.key
  partition_num = var.kafka_partitions
  remark        = each.value
}

resource "alicloud_alikafka_consumer_group" "features" {
  instance_id = alicloud_alikafka_instance.clickstream.id
  consumer_id = "streamrank-features"
  description = "The feature job (offsets committed on checkpoints)"
}
