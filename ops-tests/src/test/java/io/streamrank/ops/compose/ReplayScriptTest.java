package io.streamrank.ops.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventCodec;
import io.streamrank.contract.event.EventType;
import io.streamrank.ops.Repo;
import io.streamrank.ops.Tool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/compose/replay.sh, the compose stack's demo replay: its events pass the contract's validator and equal what
 * a Java conversion of the same rows gives (keyed by user, time-sorted, shifted to end at the given instant).
 */
class ReplayScriptTest {

    private static final long END = 1_800_000_000_000L;

    @Test
    void rowsBecomeValidContractEventsKeyedByUserInTimeOrderEndingNow(@TempDir Path dir) throws IOException {
        List<String> rows = List.of(
                "1,1001,7,pv,1511661600",
                "2,2002,8,buy,1511661500",
                "this is not a row",
                "3,3003,9,wink,1511661700",
                "1,1002,7,fav,1511661650",
                "4,4004,9,cart,1511661650",
                "5,5005,9,pv");
        Path csv = Files.write(dir.resolve("rows.csv"), rows);
        List<String> lines = print(csv, 0);

        List<ClickEvent> expected = javaConversion(rows, 0);
        assertThat(lines).hasSize(expected.size()).hasSize(4);
        EventCodec codec = new EventCodec(() -> END, EventCodec.DEFAULT_MAX_FUTURE_SKEW_MS);
        for (int i = 0; i < lines.size(); i++) {
            String[] kv = lines.get(i).split("\\|", 2);
            var decoded = codec.decode(kv[1].getBytes(StandardCharsets.UTF_8));
            assertThat(decoded.event()).as("line %s", lines.get(i)).isEqualTo(expected.get(i));
            assertThat(kv[0]).isEqualTo(Long.toString(expected.get(i).userId()));
        }
        assertThat(expected.get(expected.size() - 1).timestamp()).isEqualTo(END);
    }

    @Test
    void theLimitTakesTheFirstRowsOfTheFileLikeTheLocalStack(@TempDir Path dir) throws IOException {
        Path real = Repo.root().resolveSibling("shared/data/taobao-userbehavior/UserBehavior.time-slice-20171126.csv");
        List<String> rows = Files.isRegularFile(real)
                ? Files.readAllLines(real).subList(0, 3_000)
                : List.of("9,1,1,pv,1511661600", "8,2,1,pv,1511661599", "7,3,1,cart,1511661601");
        Path csv = Files.write(dir.resolve("rows.csv"), rows);
        int limit = rows.size() / 2;
        List<String> lines = print(csv, limit);
        List<ClickEvent> expected = javaConversion(rows, limit);
        EventCodec codec = new EventCodec(() -> END, EventCodec.DEFAULT_MAX_FUTURE_SKEW_MS);
        assertThat(lines).hasSize(expected.size());
        for (int i = 0; i < lines.size(); i++) {
            assertThat(codec.decode(lines.get(i).split("\\|", 2)[1].getBytes(StandardCharsets.UTF_8)).event())
                    .isEqualTo(expected.get(i));
        }
    }

    private static List<String> print(Path csv, int limit) {
        Tool.BASH.require();
        Path script = Repo.path("deploy/compose/replay.sh");
        Tool.Result r = new Tool("env", Tool.BASH.install()).run(Repo.root(), 60, "REPLAY_END_MS=" + END, "sh",
                script.toString(), "--print", csv.toString(), Integer.toString(limit));
        assertThat(r.ok()).as("replay.sh --print:%n%s", r.output()).isTrue();
        return r.output().lines().filter(l -> !l.isBlank()).toList();
    }

    /** The conversion bin/streamrank-local's replay does, in Java: first {@code limit} valid rows, sorted, rebased. */
    private static List<ClickEvent> javaConversion(List<String> rows, int limit) {
        List<ClickEvent> events = new ArrayList<>();
        for (int n = 1; n <= rows.size() && (limit == 0 || events.size() < limit); n++) {
            String[] f = rows.get(n - 1).split(",");
            if (f.length != 5) {
                continue;
            }
            Optional<EventType> type = EventType.fromTaobaoBehavior(f[3]);
            if (type.isPresent()) {
                events.add(new ClickEvent("tb-" + n, Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
                        type.get(), Long.parseLong(f[4]) * 1000L));
            }
        }
        events.sort(Comparator.comparingLong(ClickEvent::timestamp));
        long shift = events.isEmpty() ? 0 : END - events.get(events.size() - 1).timestamp();
        return events.stream().map(e -> new ClickEvent(e.eventId(), e.userId(), e.itemId(), e.categoryId(), e.type(),
                e.timestamp() + shift)).toList();
    }
}
