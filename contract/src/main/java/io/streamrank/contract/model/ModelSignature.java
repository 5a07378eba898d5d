package io.streamrank.contract.model;

import java.util.List;

/**
 * The serving signature every exported model implements.
 *
 * <ul>
 *   <li>input {@value #INPUT_NAME}: float32 {@code [batch, }{@value #FEATURE_COUNT}{@code ]}, one row per candidate,
 *       columns in the order of {@link #FEATURES}, built by {@link FeatureVectorizer}</li>
 *   <li>output {@value #OUTPUT_NAME}: float32 {@code [batch]}, higher is better (a logit, not a probability)</li>
 * </ul>
 * SavedModel tag {@value #TAG}, signature key {@value #SIGNATURE_KEY}.
 */
public final class ModelSignature {

    /** Bumped whenever {@link #FEATURES} changes meaning or order; a model built for another version is refused. */
    public static final int SCHEMA_VERSION = 1;
    public static final String TAG = "serve";
    public static final String SIGNATURE_KEY = "serving_default";
    public static final String INPUT_NAME = "features";
    public static final String OUTPUT_NAME = "score";

    /** Column names of the input row, in order. */
    public static final List<String> FEATURES = List.of(
            "user_category_count_5m_log1p",
            "user_category_share_recent",
            "user_item_in_recent",
            "item_clicks_1h_log1p",
            "user_recent_size_log1p",
            "category_is_last_category",
            "user_activity_recency",
            "item_has_features");

    public static final int FEATURE_COUNT = FEATURES.size();

    private ModelSignature() {
    }
}
