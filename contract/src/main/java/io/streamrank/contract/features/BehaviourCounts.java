package io.streamrank.contract.features;

import io.streamrank.contract.event.EventType;

/** How many events of each behaviour happened in some window. */
public record BehaviourCounts(int impressions, int clicks, int carts, int favs, int buys) {

    public static final BehaviourCounts ZERO = new BehaviourCounts(0, 0, 0, 0, 0);

    /** From counters indexed by {@link EventType#code()}. */
    public static BehaviourCounts of(int[] byTypeCode) {
        return new BehaviourCounts(byTypeCode[EventType.IMPRESSION.code()], byTypeCode[EventType.CLICK.code()],
                byTypeCode[EventType.CART.code()], byTypeCode[EventType.FAV.code()], byTypeCode[EventType.BUY.code()]);
    }

    public int of(EventType type) {
        return switch (type) {
            case IMPRESSION -> impressions;
            case CLICK -> clicks;
            case CART -> carts;
            case FAV -> favs;
            case BUY -> buys;
        };
    }

    /** Everything but impressions: the events that show intent. */
    public int interactions() {
        return clicks + carts + favs + buys;
    }
}
