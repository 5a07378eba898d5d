variable "name" {
  description = "Name prefix of every resource (e.g. streamrank-prod)."
  type        = string
}

variable "vpc_cidr" {
  description = "CIDR of the VPC; must be a private (RFC 1918) range. deploy/base/ranking-service/networkpolicy.yaml admits exactly this range."
  type        = string
  default     = "192.168.0.0/16"

  validation {
    condition     = can(regex("^(10\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.|192\\.168\\.)", var.vpc_cidr)) && can(cidrnetmask(var.vpc_cidr))
    error_message = "vpc_cidr must be a private RFC 1918 CIDR block."
  }
}

variable "zone_ids" {
  description = "Zones to spread vSwitches (and so nodes and data services) over; at least two for high availability."
  type        = list(string)
}

variable "intranet_ports" {
  description = "TCP port ranges admitted from inside the VPC, by purpose (\"from/to\")."
  type        = map(string)
  default = {
    http       = "80/80"
    https      = "443/443"
    service    = "8080/8081"
    kafka      = "9092/9094"
    redis      = "6379/6379"
    kubernetes = "6443/6443"
    kubelet    = "10250/10250"
    metrics    = "9249/9249"
  }
}

variable "tags" {
  description = "Tags put on every resource."
  type        = map(string)
  default     = {}
}
