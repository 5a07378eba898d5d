/** Offline evaluation: time-ordered split, point-in-time replay, baselines, the models as served, bootstrap CIs. */
package io.streamrank.registry.evaluation;
