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
    void unknownFileTypeIsRefused() throws IOException {
        Path txt = write("events.txt", "1,2,3,pv,1511544070\n");

        assertThatThrownBy(() -> EventLog.read(List.of(txt), progress::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("events.txt");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }
}
