# OSS buckets: models, training data and Flink checkpoints. Every bucket is private, encrypted with a customer-managed
# KMS key, versioned, and archives objects after 90 days. Training data cannot be deleted (bucket policy: Deny
# DeleteObject/DeleteBucket for everyone). RAM: a role for the OSS CSI volumes (RRSA) and a user for Flink checkpoints
# whose AccessKey is created by hand, never by Terraform (it would land in the state).

data "alicloud_caller_identity" "current" {}

resource "alicloud_kms_key" "oss" {
  description            = "${var.name} OSS server-side encryption"
  key_spec               = "Aliyun_AES_256"
  key_usage              = "ENCRYPT/DECRYPT"
  automatic_rotation     = "Enabled"
  rotation_interval      = "31536000s"
  pending_window_in_days = 30
  status                 = "Enabled"
}

locals {
  buckets = {
    models        = "${var.name}-models"
    training_data = "${var.name}-training-data"
    checkpoints   = "${var.name}-checkpoints"
  }
}

resource "alicloud_oss_bucket" "this" {
  for_each        = local.buckets
  bucket          = each.value
  storage_class   = "Standard"
  redundancy_type = var.redundancy_type
  force_destroy   = false
  tags            = merge(var.tags, { purpose = each.key })

  server_side_encryption_rule {
    sse_algorithm     = "KMS"
    kms_master_key_id = alicloud_kms_key.oss.id
  }

  versioning {
    status = "Enabled"
  }

  lifecycle_rule {
    id      = "archive-after-90-days"
    enabled = true
    prefix  = ""

    transitions {
      days          = 90
      storage_class = "Archive"
    }

    noncurrent_version_transition {
      days          = 90
      storage_class = "Archive"
    }

    abort_multipart_upload {
      days = 7
    }
  }
}

resource "alicloud_oss_bucket_acl" "this" {
  for_each = alicloud_oss_bucket.this
  bucket   = each.value.bucket
  acl      = "private"
}

# Training data is the record of what users did: nobody deletes it, not even this account's administrators,
# without first removing this policy (which ActionTrail records).
resource "alicloud_oss_bucket_policy" "training_data_deny_delete" {
  bucket = alicloud_oss_bucket.this["training_data"].bucket
  policy = <<-POLICY
    {
      "Version": "1",
      "Statement": [
        {
          "Effect": "Deny",
          "Principal": ["*"],
          "Action": ["oss:DeleteObject", "oss:DeleteObjectVersion", "oss:DeleteBucket", "oss:PutBucketLifecycle"],
          "Resource": ["acs:oss:*:*:${local.buckets.training_data}", "acs:oss:*:*:${local.buckets.training_data}/*"]
        }
      ]
    }
  POLICY
}

# RRSA: the OSS CSI plugin's ossfs pods assume this role through their service account's OIDC token (no AccessKey
# anywhere). Only that service account may: without the oidc:sub condition any pod of the cluster could mount a token
# for sts.aliyuncs.com and write the models bucket the ranking pods load from.
resource "alicloud_ram_role" "oss" {
  role_name   = "${var.name}-oss"
  description = "Streamrank pods: read models and training data, write models (OSS CSI volumes via RRSA)"
  assume_role_policy_document = jsonencode({
    Version = "1"
    Statement = [{
      Action    = "sts:AssumeRole"
      Effect    = "Allow"
      Principal = { Federated = ["acs:ram::${data.alicloud_caller_identity.current.account_id}:oidc-provider/ack-rrsa-${var.cluster_id}"] }
      Condition = { StringEquals = {
        "oidc:iss" = var.oidc_issuer_url
        "oidc:aud" = "sts.aliyuncs.com"
        # The namespace is fixed by ACK's CSI (v1.30.4 and later); the service account is the CSI's default.
        "oidc:sub" = "system:serviceaccount:ack-csi-fuse:csi-fuse-ossfs"
      } }
    }]
  })
}

resource "alicloud_ram_policy" "oss" {
  policy_name = "${var.name}-oss-data"
  description = "Read training data and models; write models; use the OSS KMS key"
  policy_document = jsonencode({
    Version = "1"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["oss:GetObject", "oss:ListObjects", "oss:GetBucketInfo"]
        Resource = flatten([for b in values(local.buckets) : ["acs:oss:*:*:${b}", "acs:oss:*:*:${b}/*"]])
      },
      {
        Effect   = "Allow"
        Action   = ["oss:PutObject", "oss:AbortMultipartUpload"]
        Resource = ["acs:oss:*:*:${local.buckets.models}/*", "acs:oss:*:*:${local.buckets.checkpoints}/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [alicloud_kms_key.oss.arn]
      }
    ]
  })
}

resource "alicloud_ram_role_policy_attachment" "oss" {
  role_name   = alicloud_ram_role.oss.role_name
  policy_name = alicloud_ram_policy.oss.policy_name
  policy_type = "Custom"
}

# Flink's OSS filesystem reads an AccessKey from the environment: this user may only touch the checkpoint bucket.
resource "alicloud_ram_user" "flink_checkpoints" {
  name     = "${var.name}-flink-checkpoints"
  comments = "Flink checkpoints of the feature job; AccessKey created by hand into Secret streamrank-flink-oss"
}

resource "alicloud_ram_policy" "flink_checkpoints" {
  policy_name = "${var.name}-flink-checkpoints"
  description = "Read and write the Flink checkpoint bucket only"
  policy_document = jsonencode({
    Version = "1"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["oss:GetObject", "oss:PutObject", "oss:DeleteObject", "oss:ListObjects", "oss:AbortMultipartUpload", "oss:GetBucketInfo"]
        Resource = ["acs:oss:*:*:${local.buckets.checkpoints}", "acs:oss:*:*:${local.buckets.checkpoints}/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [alicloud_kms_key.oss.arn]
      }
    ]
  })
}

resource "alicloud_ram_user_policy_attachment" "flink_checkpoints" {
  user_name   = alicloud_ram_user.flink_checkpoints.name
  policy_name = alicloud_ram_policy.flink_checkpoints.policy_name
  policy_type = "Custom"
}
