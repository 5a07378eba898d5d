/** terraform/: parses as HCL, and the policy the platform promises (intranet only, private KMS buckets, no secrets). */
package io.streamrank.ops.terraform;
