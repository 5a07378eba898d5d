/** Loads the newest exported model through DJL's TensorFlow engine and scores batches with pooled predictors. */
package io.streamrank.ranking.model;
