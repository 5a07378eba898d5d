package io.streamrank.registry.training;

import java.util.Locale;

/** Which parts of the ranker are used: the full model, and the two reference models the evaluation compares with. */
public enum Variant {
    /** Dense real-time features (MLP) + hashed user, item and category embeddings + recent-item context. */
    FULL(true, true, true, false),
    /** The full architecture trained and served with every real-time input zeroed: the ablation. */
    NO_REALTIME(true, true, true, true),
    /** Plain BPR matrix factorisation: user · item + item bias, no category, no MLP, no context. */
    MF(false, false, false, true);

    final boolean dense;
    final boolean category;
    final boolean context;
    /** Whether the real-time inputs are zeroed before training and scoring. */
    public final boolean withoutRealtime;

    Variant(boolean dense, boolean category, boolean context, boolean withoutRealtime) {
        this.dense = dense;
        this.category = category;
        this.context = context;
        this.withoutRealtime = withoutRealtime;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Variant parse(String s) {
        for (Variant v : values()) {
            if (v.wireName().equalsIgnoreCase(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown model variant '" + s + "': want full, no-realtime or mf");
    }
}
