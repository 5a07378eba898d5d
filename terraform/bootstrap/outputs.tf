output "state_bucket" {
  description = "OSS bucket holding the state of envs/dev and envs/prod."
  value       = alicloud_oss_bucket.state.bucket
}

output "lock_table" {
  description = "Tablestore table locking the state."
  value       = alicloud_ots_table.lock.table_name
}
