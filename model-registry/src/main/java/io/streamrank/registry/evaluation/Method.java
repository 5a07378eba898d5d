package io.streamrank.registry.evaluation;

/** The rows of the evaluation table, in order. */
enum Method {
    POPULARITY("global popularity"),
    POPULARITY_1H("popularity, last hour"),
    RECENT("recently viewed (extra)"),
    COVISITATION("item co-visitation kNN"),
    MF("BPR-MF, no real-time features"),
    FULL("full model"),
    ABLATION("full model minus real-time features (ablation)");

    final String label;

    Method(String label) {
        this.label = label;
    }

    boolean isBaseline() {
        return this != FULL && this != ABLATION;
    }

    /** Baselines the issue asks the full model to beat (the extra repeat baseline is reported, not required). */
    boolean isRequiredBaseline() {
        return isBaseline() && this != RECENT;
    }
}
