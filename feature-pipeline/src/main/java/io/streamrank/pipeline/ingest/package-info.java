/** Decoding and validating raw clickstream records; bad records go to the dead-letter output. */
package io.streamrank.pipeline.ingest;
