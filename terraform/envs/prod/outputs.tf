output "cluster_id" {
  description = "ACK cluster ID: fetch its kubeconfig from the console or `aliyun cs GET /k8s/<id>/user_config`."
  value       = module.kubernetes.cluster_id
}

output "vpc_id" {
  description = "VPC ID (PAI-EAS networking.vpc_id)."
  value       = module.network.vpc_id
}

output "vswitch_ids" {
  description = "vSwitch IDs (PAI-EAS networking.vswitch_id: take the first)."
  value       = module.network.vswitch_ids
}

output "security_group_id" {
  description = "Intranet-only security group ID (PAI-EAS networking.security_group_id)."
  value       = module.network.security_group_id
}

output "flink_checkpoints_user" {
  description = "RAM user for Flink checkpoints: create its AccessKey by hand into Secret streamrank-flink-oss."
  value       = module.storage.flink_checkpoints_user
}

output "cloud_env" {
  description = "Contents of deploy/base/cloud.env: terraform output -raw cloud_env > ../../../deploy/base/cloud.env"
  value       = <<-EOT
    KAFKA_BOOTSTRAP=${module.data.kafka_bootstrap}
    REDIS_URI=${module.data.redis_uri}
    REDIS_KEY_PREFIX=sr:
    OSS_ENDPOINT=oss-${var.region}-internal.aliyuncs.com
    MODELS_BUCKET=${module.storage.models_bucket}
    TRAINING_DATA_BUCKET=${module.storage.training_data_bucket}
    FLINK_CHECKPOINTS_DIR=oss://${module.storage.checkpoints_bucket}/feature-job/checkpoints
    FLINK_SAVEPOINTS_DIR=oss://${module.storage.checkpoints_bucket}/feature-job/savepoints
    FLINK_HA_DIR=oss://${module.storage.checkpoints_bucket}/feature-job/ha
    OSS_ROLE_NAME=${module.storage.oss_role_name}
  EOT
}
