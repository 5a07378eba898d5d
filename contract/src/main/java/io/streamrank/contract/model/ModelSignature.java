package io.streamrank.contract.model;

import java.util.List;

/**
 * The serving signature every exported model implements (schema {@value #SCHEMA_VERSION}).
 *
 * <p>Inputs, filled by {@link ModelInputBatch}; {@code batch} is the number of candidate rows, {@code contexts} the
 * number of distinct recent-interaction contexts (one per request when serving):
 * <ul>
 *   <li>{@value #INPUT_NAME}: float32 {@code [batch, }{@value #FEATURE_COUNT}{@code ]}, the dense real-time features
 *       in the order of {@link #FEATURES}, computed by {@link FeatureVectorizer}</li>
 *   <li>{@value #USER_ID}, {@value #ITEM_ID}, {@value #CATEGORY_ID}: int64 {@code [batch]}, raw ids (the model hashes
 *       them into its embedding tables itself, so bucket counts are the model's business, not the caller's)</li>
 *   <li>{@value #RECENT_ITEM_IDS}, {@value #RECENT_CATEGORY_IDS}: int64
 *       {@code [contexts, }{@value #CONTEXT_ITEMS}{@code ]}, a user's newest interactions (item and its category),
 *       newest first, padded with 0</li>
 *   <li>{@value #CONTEXT_ROW}: int64 {@code [batch]}, the context row of each candidate row. The service scores the
 *       candidates of one user per call, so the model builds that user's context vector once, not once per
 *       candidate</li>
 * </ul>
 * Output {@value #OUTPUT_NAME}: float32 {@code [batch]}, higher is better (a logit, not a probability).
 * SavedModel tag {@value #TAG}, signature key {@value #SIGNATURE_KEY}.
 *
 * <p>Schema {@value #PREVIOUS_SCHEMA_VERSION} had the same inputs without {@value #CONTEXT_ROW} and with one context
 * row per candidate row ({@link #INPUTS_SCHEMA_2}). {@link ModelInputBatch#inputs(int)} still builds it, so a service
 * can be upgraded before its model is retrained.
 */
public final class ModelSignature {

    /**
     * Bumped whenever an input changes meaning, order or shape; a model built for a schema not in
     * {@link #SERVABLE_SCHEMA_VERSIONS} is refused.
     */
    public static final int SCHEMA_VERSION = 3;
    /** The schema before {@link #SCHEMA_VERSION}: context per candidate row, no {@value #CONTEXT_ROW} input. */
    public static final int PREVIOUS_SCHEMA_VERSION = 2;
    /** The schemas {@link ModelInputBatch#inputs(int)} can fill, newest first: what a service can serve. */
    public static final List<Integer> SERVABLE_SCHEMA_VERSIONS = List.of(SCHEMA_VERSION, PREVIOUS_SCHEMA_VERSION);
    public static final String TAG = "serve";
    public static final String SIGNATURE_KEY = "serving_default";
    /** The dense feature input. */
    public static final String INPUT_NAME = "features";
    public static final String USER_ID = "user_id";
    public static final String ITEM_ID = "item_id";
    public static final String CATEGORY_ID = "category_id";
    public static final String RECENT_ITEM_IDS = "recent_item_ids";
    public static final String RECENT_CATEGORY_IDS = "recent_category_ids";
    public static final String CONTEXT_ROW = "context_row";
    public static final String OUTPUT_NAME = "score";

    /** How many of the user's newest interactions the model (and embedding retrieval) sees as context. */
    public static final int CONTEXT_ITEMS = 20;
    /**
     * Weight of the p-th newest context interaction is {@code CONTEXT_DECAY^p}: the model's context vector and the
     * retrieval query of {@link ItemEmbeddings#query} use the same weights, so retrieval agrees with ranking.
     */
    public static final double CONTEXT_DECAY = 0.85;

    /** Column names of the dense input row, in order. */
    public static final List<String> FEATURES = List.of(
            "user_category_count_5m_log1p",
            "user_category_share_recent",
            "user_item_in_recent",
            "item_clicks_1h_log1p",
            "user_recent_size_log1p",
            "category_is_last_category",
            "user_activity_recency",
            "item_has_features",
            "user_item_count_recent_log1p",
            "user_item_position",
            "user_item_recency_1h",
            "user_item_recency_1d",
            "user_item_intent",
            "user_category_position",
            "user_category_recency_1d");

    public static final int FEATURE_COUNT = FEATURES.size();

    /**
     * Every input name, in the order {@link ModelInputBatch#inputs()} lists them. {@value #CONTEXT_ROW} comes last so
     * the inputs schema 2 had keep their positions.
     */
    public static final List<String> INPUTS = List.of(INPUT_NAME, USER_ID, ITEM_ID, CATEGORY_ID, RECENT_ITEM_IDS,
            RECENT_CATEGORY_IDS, CONTEXT_ROW);
    /** The inputs of schema {@value #PREVIOUS_SCHEMA_VERSION}, in the order {@code inputs(2)} lists them. */
    public static final List<String> INPUTS_SCHEMA_2 = List.of(INPUT_NAME, USER_ID, ITEM_ID, CATEGORY_ID,
            RECENT_ITEM_IDS, RECENT_CATEGORY_IDS);

    private ModelSignature() {
    }

    /**
     * Whether an input of a schema-{@code schemaVersion} model has one row per scored row (its first dimension), as
     * opposed to one per context ({@value #RECENT_ITEM_IDS} and {@value #RECENT_CATEGORY_IDS} since schema 3): a
     * batch padded with extra rows pads exactly these.
     */
    public static boolean perRow(String input, int schemaVersion) {
        return schemaVersion == PREVIOUS_SCHEMA_VERSION
                || !(input.equals(RECENT_ITEM_IDS) || input.equals(RECENT_CATEGORY_IDS));
    }
}
