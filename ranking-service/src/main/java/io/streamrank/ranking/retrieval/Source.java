package io.streamrank.ranking.retrieval;

import java.util.ArrayList;
import java.util.List;

/** Where a candidate came from; a candidate found by several sources carries all of them. */
public enum Source {
    /** HNSW neighbours of the user's interest vector (recency-weighted mean of the recent items' embeddings). */
    ANN("ann"),
    /** HNSW neighbours of each of the user's last few items. */
    SESSION("session"),
    /** Items co-visited with the user's last few items (the pipeline's {@code cv:<item>} sets). */
    COVISITATION("covisitation"),
    /** Most clicked in the last hour in the user's recent categories. */
    TRENDING("trending"),
    /** Recently listed catalog items, the user's recent categories first. */
    NEW_ITEMS("new"),
    /** The user's own recent items. */
    RECENT("recent"),
    /** Most clicked in the last hour overall. */
    POPULAR("popular"),
    /** Named by the caller ({@code candidates} in the request body). */
    REQUEST("request"),
    /** The in-process popularity snapshot used while Redis is unavailable. */
    POPULARITY_SNAPSHOT("popularity_snapshot"),
    /** On a category page: the category's items nearest to the user's interest vector in the HNSW index (ADR 88). */
    CATEGORY("category");

    private final String label;

    Source(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public int bit() {
        return 1 << ordinal();
    }

    /** The labels of the sources in a bit mask, in declaration order. */
    public static List<String> labels(int mask) {
        List<String> out = new ArrayList<>(2);
        for (Source s : values()) {
            if ((mask & s.bit()) != 0) {
                out.add(s.label);
            }
        }
        return out;
    }
}
