output "cluster_id" {
  description = "ACK cluster ID (kubeconfig: aliyun cs GET /k8s/<id>/user_config, or the console)."
  value       = alicloud_cs_managed_kubernetes.this.id
}

output "oidc_issuer_url" {
  description = "RRSA OIDC issuer URL of the cluster."
  value       = alicloud_cs_managed_kubernetes.this.rrsa_metadata[0].rrsa_oidc_issuer_url
}

output "node_pool_ids" {
  description = "Node pool IDs by pool name."
  value       = { for k, p in alicloud_cs_kubernetes_node_pool.this : k => p.node_pool_id }
}
