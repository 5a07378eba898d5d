# One-time bootstrap of the remote state: the OSS bucket that holds every environment's state (private, KMS-encrypted,
# versioned) and the Tablestore table that locks it. Applied once with local state:
#   terraform -chdir=terraform/bootstrap init && terraform -chdir=terraform/bootstrap apply
terraform {
  required_version = ">= 1.5.0"
  required_providers {
    alicloud = {
      source  = "aliyun/alicloud"
      version = "~> 1.250"
    }
  }
}

provider "alicloud" {
  region = var.region
}

resource "alicloud_kms_key" "state" {
  description            = "Terraform state encryption"
  key_spec               = "Aliyun_AES_256"
  key_usage              = "ENCRYPT/DECRYPT"
  pending_window_in_days = 30
  status                 = "Enabled"
}

resource "alicloud_oss_bucket" "state" {
  bucket        = var.state_bucket
  force_destroy = false

  server_side_encryption_rule {
    sse_algorithm     = "KMS"
    kms_master_key_id = alicloud_kms_key.state.id
  }

  versioning {
    status = "Enabled"
  }

  # The current state must stay readable: only superseded versions are archived, after 90 days.
  lifecycle_rule {
    id      = "archive-old-state-versions"
    enabled = true
    prefix  = ""

    noncurrent_version_transition {
      days          = 90
      storage_class = "Archive"
    }
  }
}

resource "alicloud_oss_bucket_acl" "state" {
  bucket = alicloud_oss_bucket.state.bucket
  acl    = "private"
}

resource "alicloud_ots_instance" "lock" {
  name          = var.lock_instance
  description   = "Terraform state lock"
  accessed_by   = "Vpc"
  instance_type = "Capacity"
}

resource "alicloud_ots_table" "lock" {
  instance_name = alicloud_ots_instance.lock.name
  table_name    = "terraform_state_lock"
  time_to_live  = -1
  max_version   = 1

  primary_key {
    name = "LockID"
    type = "String"
  }
}
