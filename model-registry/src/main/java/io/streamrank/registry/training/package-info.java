/** BPR training of the small ranking MLP in TensorFlow Java graph mode. */
package io.streamrank.registry.training;
