/** The object store on S3-compatible services (AWS S3, Alibaba OSS, MinIO) through the AWS SDK v2. */
package io.streamrank.objectstore.s3;
