/** Multi-source candidate retrieval (HNSW, session, co-visitation, trending, new, recent, popular), merged and tagged. */
package io.streamrank.ranking.retrieval;
