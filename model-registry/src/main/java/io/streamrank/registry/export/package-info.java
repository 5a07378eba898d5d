/** Export of trained weights as an inference-only SavedModel plus metadata into the model store. */
package io.streamrank.registry.export;
