/** Candidate retrieval: popular items of the user's recent categories, global popularity, recent items. */
package io.streamrank.ranking.retrieval;
