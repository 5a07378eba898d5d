package io.streamrank.ranking.model;

/** What a loaded model version is for: the registry stage it was loaded from decides (ADR 55). */
public enum Role {
    /** Ranks every request not in a canary's cohort: the production version (or the newest, ADR 0034's fallback). */
    SERVING,
    /** Ranks the users of the canary cohort ({@code streamrank.rollout.canary-percent}). */
    CANARY,
    /** Scores a sample of requests after their answer, never answering itself. */
    SHADOW
}
