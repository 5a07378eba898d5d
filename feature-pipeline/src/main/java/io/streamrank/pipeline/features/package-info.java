/** Keyed operators that keep per-user and per-item feature state and emit absolute Redis writes. */
package io.streamrank.pipeline.features;
