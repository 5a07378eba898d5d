# VPC, one vSwitch per zone, and the security group of the cluster nodes and data services. Ingress is admitted only
# from inside the VPC (var.vpc_cidr); nothing is opened to the internet.

resource "alicloud_vpc" "this" {
  vpc_name   = "${var.name}-vpc"
  cidr_block = var.vpc_cidr
  tags       = var.tags
}

resource "alicloud_vswitch" "this" {
  count        = length(var.zone_ids)
  vswitch_name = "${var.name}-${var.zone_ids[count.index]}"
  vpc_id       = alicloud_vpc.this.id
  zone_id      = var.zone_ids[count.index]
  cidr_block   = cidrsubnet(var.vpc_cidr, 4, count.index)
  tags         = var.tags
}

# Pods get their own vSwitches (Terway ENI mode), also inside the VPC CIDR.
resource "alicloud_vswitch" "pods" {
  count        = length(var.zone_ids)
  vswitch_name = "${var.name}-pods-${var.zone_ids[count.index]}"
  vpc_id       = alicloud_vpc.this.id
  zone_id      = var.zone_ids[count.index]
  cidr_block   = cidrsubnet(var.vpc_cidr, 4, 8 + count.index)
  tags         = var.tags
}

resource "alicloud_security_group" "this" {
  security_group_name = "${var.name}-intranet"
  description         = "Streamrank nodes and data services: intranet traffic only"
  vpc_id              = alicloud_vpc.this.id
  inner_access_policy = "Accept"
  tags                = var.tags
}

# One rule per intranet port range, all from the VPC CIDR only.
resource "alicloud_security_group_rule" "intranet" {
  for_each          = var.intranet_ports
  type              = "ingress"
  ip_protocol       = "tcp"
  nic_type          = "intranet"
  policy            = "accept"
  port_range        = each.value
  priority          = 1
  security_group_id = alicloud_security_group.this.id
  cidr_ip           = var.vpc_cidr
  description       = "intranet ${each.key}"
}
