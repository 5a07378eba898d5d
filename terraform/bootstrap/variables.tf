variable "region" {
  description = "Region of the state bucket and lock table (envs/*/backend.tf must name the same)."
  type        = string
  default     = "cn-hangzhou"
}

variable "state_bucket" {
  description = "Name of the state bucket (envs/*/backend.tf bucket)."
  type        = string
  default     = "streamrank-terraform-state"
}

variable "lock_instance" {
  description = "Tablestore instance of the lock table (envs/*/backend.tf tablestore_endpoint host)."
  type        = string
  default     = "sr-tf-lock"
}
