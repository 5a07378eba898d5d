/** BPR training of the ranker (MLP over dense features plus hashed embeddings) in TensorFlow Java graph mode. */
package io.streamrank.registry.training;
