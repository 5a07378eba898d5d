/** Serves the production model version through DJL with pooled predictors, watches the registry and hot-swaps. */
package io.streamrank.ranking.model;
