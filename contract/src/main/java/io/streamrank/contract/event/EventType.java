package io.streamrank.contract.event;

import java.util.Locale;
import java.util.Optional;

/** What a shopper did. The wire name is the lower-case constant name. */
public enum EventType {
    IMPRESSION(0),
    CLICK(1),
    CART(2),
    FAV(3),
    BUY(4);

    private final int code;

    EventType(int code) {
        this.code = code;
    }

    /** Compact code used in feature values stored in Redis; stable across releases. */
    public int code() {
        return code;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Impressions are exposure, not intent: they never count as an interaction in user features. */
    public boolean isInteraction() {
        return this != IMPRESSION;
    }

    public static Optional<EventType> fromWireName(String name) {
        for (EventType t : values()) {
            if (t.wireName().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public static EventType fromCode(int code) {
        for (EventType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown event type code " + code);
    }

    /** Taobao UserBehavior behaviours: pv is an item detail view, which Streamrank treats as a click. */
    public static Optional<EventType> fromTaobaoBehavior(String behavior) {
        return switch (behavior) {
            case "pv" -> Optional.of(CLICK);
            case "cart" -> Optional.of(CART);
            case "fav" -> Optional.of(FAV);
            case "buy" -> Optional.of(BUY);
            default -> Optional.empty();
        };
    }
}
