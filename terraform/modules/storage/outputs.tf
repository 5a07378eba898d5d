output "models_bucket" {
  description = "Bucket of the model store (mounted read-only by the ranking service, read-write by the trainer)."
  value       = alicloud_oss_bucket.this["models"].bucket
}

output "training_data_bucket" {
  description = "Bucket of recorded clickstream for training (deletes denied)."
  value       = alicloud_oss_bucket.this["training_data"].bucket
}

output "checkpoints_bucket" {
  description = "Bucket of Flink checkpoints, savepoints and HA metadata."
  value       = alicloud_oss_bucket.this["checkpoints"].bucket
}

output "kms_key_id" {
  description = "KMS key encrypting every bucket."
  value       = alicloud_kms_key.oss.id
}

output "oss_role_name" {
  description = "RAM role the OSS CSI volumes assume through RRSA (cloud.env OSS_ROLE_NAME)."
  value       = alicloud_ram_role.oss.role_name
}

output "flink_checkpoints_user" {
  description = "RAM user whose AccessKey (created by hand) goes into Secret streamrank-flink-oss."
  value       = alicloud_ram_user.flink_checkpoints.name
}
