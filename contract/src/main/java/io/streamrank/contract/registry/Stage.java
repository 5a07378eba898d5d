package io.streamrank.contract.registry;

import java.util.Locale;

/**
 * Where a model version is in its life. At most one version is {@link #PRODUCTION} at a time; promoting another
 * archives the previous one. The ranking service serves the production version.
 */
public enum Stage {
    CANDIDATE, SHADOW, CANARY, PRODUCTION, ARCHIVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the valid stages */
    public static Stage parse(String name) {
        for (Stage s : values()) {
            if (s.wireName().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stage '" + name
                + "': want candidate, shadow, canary, production or archived");
    }
}
