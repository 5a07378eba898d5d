package io.streamrank.bench;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.event.TaobaoCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The next-view pairs the page evaluations ask about, from a Taobao recording. */
final class ViewPairs {

    /** Views further apart than this are not one visit's next view. */
    static final long MAX_GAP_MS = 30 * 60_000L;

    private ViewPairs() {
    }

    /**
     * (A, B, user, A's category, A's time, B's category) of each user's consecutive views (rows {@code pv}) after the
     * first {@code skip} events (rows that parse, as {@code bin/streamrank-local --replay-limit} counts them), in user
     * order: A in {@code known}, B another item, at most 30 min later.
     */
    static List<long[]> of(Path day, Set<Long> known, long skip) throws IOException {
        Map<Long, List<ClickEvent>> byUser = new HashMap<>();
        try (var lines = Files.lines(day)) {
            lines.map(TaobaoCsv::parse).flatMap(Optional::stream).skip(skip).filter(e -> e.type() == EventType.CLICK)
                    .forEach(e -> byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e));
        }
        List<long[]> out = new ArrayList<>();
        byUser.keySet().stream().sorted().forEach(user -> {
            List<ClickEvent> views = byUser.get(user);
            views.sort(Comparator.comparingLong(ClickEvent::timestamp));
            for (int i = 1; i < views.size(); i++) {
                ClickEvent a = views.get(i - 1);
                ClickEvent b = views.get(i);
                if (a.itemId() != b.itemId() && known.contains(a.itemId())
                        && b.timestamp() - a.timestamp() <= MAX_GAP_MS) {
                    out.add(new long[] {a.itemId(), b.itemId(), user, a.categoryId(), a.timestamp(),
                            b.categoryId()});
                }
            }
        });
        return out;
    }

    /** The first pair of each user, in the list's order. */
    static List<long[]> onePerUser(List<long[]> pairs) {
        Set<Long> seen = new HashSet<>();
        List<long[]> out = new ArrayList<>();
        for (long[] p : pairs) {
            if (seen.add(p[2])) {
                out.add(p);
            }
        }
        return out;
    }
}
