package io.streamrank.registry.data;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.TaobaoCsv;

/**
 * Parses Taobao UserBehavior rows: {@code user_id,item_id,category_id,behavior,timestamp} without a header,
 * timestamp in Unix seconds. The published samples end in a truncated line, so bad rows are skipped, not fatal.
 */
final class TaobaoCsvParser implements LineParser {

    @Override
    public ClickEvent parse(String line) {
        // Training needs valid ids and times; the shared parser leaves range checks to the event codec.
        return TaobaoCsv.parse(line)
                .filter(e -> e.userId() > 0 && e.itemId() > 0 && e.categoryId() > 0 && e.timestamp() > 0)
                .orElse(null);
    }
}
