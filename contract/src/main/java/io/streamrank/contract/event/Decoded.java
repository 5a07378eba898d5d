package io.streamrank.contract.event;

/** The outcome of decoding one event: exactly one of {@code event} and {@code rejection} is set. */
public record Decoded(ClickEvent event, Rejection rejection) {

    public static Decoded ok(ClickEvent event) {
        return new Decoded(event, null);
    }

    public static Decoded rejected(Rejection rejection) {
        return new Decoded(null, rejection);
    }

    public boolean isOk() {
        return event != null;
    }
}
