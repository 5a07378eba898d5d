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

    /**
     * No: the samples are grouped by user. {@code bin/streamrank-local} replays them sorted by time
     * ({@code TaobaoReplay}), so in time order, which leaves nothing late, is how the job reads them.
     */
    @Override
    public boolean inArrivalOrder() {
        return false;
    }
}
