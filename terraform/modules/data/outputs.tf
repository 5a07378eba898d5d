output "redis_uri" {
  description = "Redis URI of Tair inside the VPC (no credentials: VPC password-free access)."
  value       = "redis://${alicloud_kvstore_instance.features.connection_domain}:6379"
}

output "kafka_bootstrap" {
  description = "ApsaraMQ for Kafka VPC bootstrap servers."
  value       = alicloud_alikafka_instance.clickstream.end_point
}
