/** The model contract: input signature, the feature-to-row vectorizer, metadata and on-disk layout of versions. */
package io.streamrank.contract.model;
