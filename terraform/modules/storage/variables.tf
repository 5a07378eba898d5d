variable "name" {
  description = "Name prefix of buckets, keys and RAM principals (bucket names are global: make it unique)."
  type        = string
}

variable "redundancy_type" {
  description = "OSS redundancy: ZRS (zone-redundant, prod) or LRS (dev)."
  type        = string
  default     = "ZRS"
}

variable "cluster_id" {
  description = "ACK cluster ID whose RRSA OIDC provider may assume the OSS role."
  type        = string
}

variable "oidc_issuer_url" {
  description = "RRSA OIDC issuer URL of the ACK cluster."
  type        = string
}

variable "tags" {
  description = "Tags put on every bucket."
  type        = map(string)
  default     = {}
}
