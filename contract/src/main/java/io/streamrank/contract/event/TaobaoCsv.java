package io.streamrank.contract.event;

import java.util.Optional;

/**
 * Rows of the Taobao UserBehavior CSV ({@code user_id,item_id,category_id,behavior,timestamp}, no header, Unix
 * seconds) as clickstream events: the trainer, the feature job's batch path and the local replay read recordings
 * through this one parser, so a row means the same event everywhere.
 */
public final class TaobaoCsv {

    private TaobaoCsv() {
    }

    /**
     * The event of one row, or empty when the row is not five fields of numbers and a known behaviour (e.g. the
     * truncated last line of a sample). Values are not range-checked here: {@link EventCodec} does that.
     * Taobao has no event ids; {@code tb-<user>-<item>-<seconds>-<behavior>} is unique because the dataset has no exact
     * duplicate rows, and stable, so replaying a file twice de-duplicates.
     */
    public static Optional<ClickEvent> parse(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 5) {
            return Optional.empty();
        }
        try {
            long user = Long.parseLong(f[0].trim());
            long item = Long.parseLong(f[1].trim());
            long category = Long.parseLong(f[2].trim());
            String behavior = f[3].trim();
            long seconds = Long.parseLong(f[4].trim());
            Optional<EventType> type = EventType.fromTaobaoBehavior(behavior);
            if (type.isEmpty()) {
                return Optional.empty();
            }
            String eventId = "tb-" + user + '-' + item + '-' + seconds + '-' + behavior;
            return Optional.of(new ClickEvent(eventId, user, item, category, type.get(),
                    Math.multiplyExact(seconds, 1000L)));
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
