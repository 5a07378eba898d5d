/** Traffic for the registry's canary and shadow model versions: who is ranked by which, and what a shadow would do. */
package io.streamrank.ranking.rollout;
