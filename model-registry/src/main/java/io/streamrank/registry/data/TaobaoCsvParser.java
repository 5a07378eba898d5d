package io.streamrank.registry.data;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import java.util.Optional;

/**
 * Parses Taobao UserBehavior rows: {@code user_id,item_id,category_id,behavior,timestamp} without a header,
 * timestamp in Unix seconds. The published samples end in a truncated line, so bad rows are skipped, not fatal.
 */
final class TaobaoCsvParser implements LineParser {

    @Override
    public ClickEvent parse(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 5) {
            return null;
        }
        try {
            long user = Long.parseLong(f[0].trim());
            long item = Long.parseLong(f[1].trim());
            long category = Long.parseLong(f[2].trim());
            String behavior = f[3].trim();
            long seconds = Long.parseLong(f[4].trim());
            Optional<EventType> type = EventType.fromTaobaoBehavior(behavior);
            if (user <= 0 || item <= 0 || category <= 0 || seconds <= 0 || type.isEmpty()) {
                return null;
            }
            // Taobao has no event ids; this one is unique because the dataset has no exact duplicate rows.
            String eventId = "tb-" + user + '-' + item + '-' + seconds + '-' + behavior;
            return new ClickEvent(eventId, user, item, category, type.get(), Math.multiplyExact(seconds, 1000L));
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
