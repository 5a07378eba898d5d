# Remote state in OSS with a Tablestore lock table; both are created once by terraform/bootstrap.
terraform {
  required_version = ">= 1.5.0"
  required_providers {
    alicloud = {
      source  = "aliyun/alicloud"
      version = "~> 1.250"
    }
  }

  backend "oss" {
    bucket              = "streamrank-terraform-state"
    prefix              = "envs/dev"
    key                 = "terraform.tfstate"
    region              = "cn-hangzhou"
    encrypt             = true
    acl                 = "private"
    tablestore_endpoint = "https://sr-tf-lock.cn-hangzhou.ots.aliyuncs.com"
    tablestore_table    = "terraform_state_lock"
  }
}
