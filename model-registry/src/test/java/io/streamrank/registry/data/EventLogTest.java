package io.streamrank.registry.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {

    @TempDir
    Path dir;

    private final List<String> progress = new ArrayList<>();

    @Test
    void taobaoRowsBecomeEventsInMillisecondsWithMappedBehaviours() throws IOException {
        Path csv = write("tb.csv", """
                1,2268318,2520377,pv,1511544070
                1,2333346,2520771,cart,1511561733
                1,2576651,149192,fav,1511572885
                1,3830808,4181361,buy,1511593493
                """);

        List<ClickEvent> events = EventLog.read(List.of(csv), progress::add).events();

        assertThat(events).extracting(ClickEvent::type)
                .containsExactly(EventType.CLICK, EventType.CART, EventType.FAV, EventType.BUY);
        assertThat(events.get(0)).isEqualTo(new ClickEvent("tb-1-2268318-1511544070-pv", 1, 2268318, 2520377,
                EventType.CLICK, 1_511_544_070_000L));
    }

    @Test
    void truncatedLastLineIsDroppedAndCounted() throws IOException {
        // The published head-by-user sample ends exactly like this: no timestamp, no newline.
        Path csv = write("tb.csv", "100370,1968385,1875258,pv,1512281978\n100370,1968385,1875258,pv");

        EventLog log = EventLog.read(List.of(csv), progress::add);

        assertThat(log.events()).hasSize(1);
        assertThat(log.skippedLines()).isEqualTo(1);
        assertThat(progress).anySatisfy(line -> assertThat(line).contains("1 malformed"));
    }

    @Test
    void malformedRowsAreSkippedNotFatal() throws IOException {
        Path csv = write("tb.csv", """
                user_id,item_id,category_id,behavior,timestamp
                1,2,3,click,1511544070
                1,2,3,pv,1511544070,extra
                0,2,3,pv,1511544070
                1,2,3,pv,1511544071
                """);

        EventLog log = EventLog.read(List.of(csv), progress::add);

        assertThat(log.events()).extracting(ClickEvent::timestamp).containsExactly(1_511_544_071_000L);
        assertThat(log.skippedLines()).isEqualTo(4);
    }

    @Test
    void jsonLinesFromThePastAreAcceptedAndInvalidOnesSkipped() throws IOException {
        Path json = write("events.jsonl", """
                {"eventId":"e1","userId":7,"itemId":8,"categoryId":9,"type":"click","timestamp":1511544070000}

                {"eventId":"e2","userId":7,"itemId":8,"categoryId":9,"type":"teleport","timestamp":1511544071000}
                not json
                {"eventId":"e3","userId":7,"itemId":8,"categoryId":9,"type":"impression","timestamp":1511544072000}
                """);

        EventLog log = EventLog.read(List.of(json), progress::add);

        assertThat(log.events()).extracting(ClickEvent::eventId).containsExactly("e1", "e3");
        assertThat(log.skippedLines()).isEqualTo(2);
    }

    @Test
    void eventsOfAllFilesAreMergedInTimeOrderKeepingTiesInFileOrder() throws IOException {
        // Grouped by user, like the Taobao sample: user 2's early event comes after user 1's late one.
        Path csv = write("tb.csv", "1,10,100,pv,1511544090\n2,20,200,pv,1511544060\n2,21,200,pv,1511544080\n");
        Path json = write("e.json",
                "{\"eventId\":\"j\",\"userId\":3,\"itemId\":30,\"categoryId\":300,\"type\":\"click\","
                        + "\"timestamp\":1511544080000}\n");

        List<ClickEvent> events = EventLog.read(List.of(csv, json), progress::add).events();

        assertThat(events).extracting(ClickEvent::itemId).containsExactly(20L, 21L, 30L, 10L);
    }

    @Test
    void aRecordedEventLaterThanTheFeatureJobAllowsIsDroppedAndCounted() throws IOException {
        // In arrival order: the last event is 62,002 ms behind the newest one before it (watermark 2 s + 1 ms, then
        // 1 min of allowed lateness), so the job dead-lettered it; the third, 1 s behind, it kept.
        Path json = write("recorded.jsonl", line("e1", 7, 1_511_544_070_000L) + line("e2", 8, 1_511_544_070_000L)
                + line("e3", 8, 1_511_544_069_000L) + line("e4", 9, 1_511_544_070_000L - 62_002));

        EventLog log = EventLog.read(List.of(json), progress::add);

        assertThat(log.events()).extracting(ClickEvent::eventId).containsExactly("e3", "e1", "e2");
        assertThat(log.lateEvents()).isEqualTo(1);
        assertThat(progress).anySatisfy(p -> assertThat(p).contains("1 late events", "0 from the future",
                "0 repeated event ids"));
    }

    @Test
    void aMicrosecondTimestampIsDroppedAsFromTheFutureAndTheRestOfTheFileIsKept() throws IOException {
        // Valid wire form, but a thousand times too large: the job's decoder rejects it, and the events after it in
        // the file are on time (while it moved the watermark tens of millennia ahead, they were all late).
        long t = 1_511_544_070_000L;
        Path json = write("recorded.jsonl", line("e1", 7, t) + line("e2", 8, t * 1_000) + line("e3", 9, t + 1_000)
                + line("e4", 7, t + 2_000));

        EventLog log = EventLog.read(List.of(json), progress::add);

        assertThat(log.events()).extracting(ClickEvent::eventId).containsExactly("e1", "e3", "e4");
        assertThat(log.futureEvents()).isEqualTo(1);
        assertThat(log.lateEvents()).isZero();
        assertThat(progress).anySatisfy(p -> assertThat(p).contains("0 late events", "1 from the future",
                "3 events left"));
    }

    @Test
    void aRepeatedEventIdIsDroppedAndCountedAsTheFeatureJobDropsIt() throws IOException {
        // A producer retry: the same event twice.
        Path json = write("recorded.jsonl", line("e1", 7, 1_511_544_070_000L) + line("e2", 7, 1_511_544_071_000L)
                + line("e1", 7, 1_511_544_070_000L));

        EventLog log = EventLog.read(List.of(json), progress::add);

        assertThat(log.events()).extracting(ClickEvent::eventId).containsExactly("e1", "e2");
        assertThat(log.repeatEvents()).isEqualTo(1);
        assertThat(progress).anySatisfy(p -> assertThat(p).contains("0 late events", "1 repeated event ids",
                "2 events left"));
    }

    @Test
    void taobaoRowsGroupedByUserAreNotLateBecauseTheyAreReplayedInTimeOrder() throws IOException {
        // User 2's rows are a day older than user 1's, after them in the file: bin/streamrank-local sorts by time.
        Path csv = write("tb.csv", "1,10,100,pv,1511630000\n2,20,200,pv,1511544060\n2,21,200,pv,1511544080\n");

        EventLog log = EventLog.read(List.of(csv), progress::add);

        assertThat(log.events()).hasSize(3);
        assertThat(log.lateEvents()).isZero();
    }

    @Test
    void aTaobaoRowInBothSamplesIsOneEventTheSecondTimeARepeat() throws IOException {
        // The two committed samples share 88 rows: the same derived id tb-<user>-<item>-<seconds>-<behavior>.
        Path head = write("head.csv", "1000011,1686875,590997,pv,1511660922\n1000011,2,3,pv,1511660930\n");
        Path slice = write("slice.csv", "5,6,7,pv,1511660900\n1000011,1686875,590997,pv,1511660922\n");

        EventLog log = EventLog.read(List.of(head, slice), progress::add);

        assertThat(log.events()).extracting(ClickEvent::eventId).containsExactly("tb-5-6-1511660900-pv",
                "tb-1000011-1686875-1511660922-pv", "tb-1000011-2-1511660930-pv");
        assertThat(log.repeatEvents()).isEqualTo(1);
    }

    @Test
    void unknownFileTypeIsRefused() throws IOException {
        Path txt = write("events.txt", "1,2,3,pv,1511544070\n");

        assertThatThrownBy(() -> EventLog.read(List.of(txt), progress::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("events.txt");
    }

    private static String line(String id, long user, long t) {
        return "{\"eventId\":\"" + id + "\",\"userId\":" + user + ",\"itemId\":8,\"categoryId\":9,"
                + "\"type\":\"click\",\"timestamp\":" + t + "}\n";
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }
}
