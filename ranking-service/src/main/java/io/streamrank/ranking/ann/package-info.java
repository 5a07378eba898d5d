/** Approximate nearest neighbours over the served model's item embeddings: file reader and Lucene HNSW index. */
package io.streamrank.ranking.ann;
