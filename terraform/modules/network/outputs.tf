output "vpc_id" {
  description = "ID of the VPC."
  value       = alicloud_vpc.this.id
}

output "vpc_cidr" {
  description = "CIDR of the VPC (the only source admitted by the security group)."
  value       = alicloud_vpc.this.cidr_block
}

output "vswitch_ids" {
  description = "Node vSwitch IDs, one per zone."
  value       = alicloud_vswitch.this[*].id
}

output "pod_vswitch_ids" {
  description = "Pod vSwitch IDs (Terway), one per zone."
  value       = alicloud_vswitch.pods[*].id
}

output "security_group_id" {
  description = "ID of the intranet-only security group."
  value       = alicloud_security_group.this.id
}
