package io.streamrank.contract.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.contract.event.Rejection.Reason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventCodecTest {

    private static final long NOW = 1_763_700_000_000L;
    private final EventCodec codec = new EventCodec(() -> NOW, 60_000L);

    private Decoded decode(String json) {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void encodedEventDecodesToTheSameEvent() {
        ClickEvent e = new ClickEvent("e-1", 7L, 42L, 3L, EventType.CART, NOW - 5_000L);
        Decoded d = codec.decode(EventCodec.encode(e));
        assertThat(d.isOk()).isTrue();
        assertThat(d.event()).isEqualTo(e);
    }

    @Test
    void unknownFieldsAreIgnored() {
        Decoded d = decode("""
                {"eventId":"a","userId":1,"itemId":2,"categoryId":3,"type":"click","timestamp":%d,"page":"home"}"""
                .formatted(NOW));
        assertThat(d.event().type()).isEqualTo(EventType.CLICK);
    }

    @Test
    void malformedJsonIsRejectedNotThrown() {
        Decoded d = decode("{\"eventId\": ");
        assertThat(d.isOk()).isFalse();
        assertThat(d.rejection().reason()).isEqualTo(Reason.MALFORMED_JSON);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "missing userId;{\"eventId\":\"a\",\"itemId\":2,\"categoryId\":3,\"type\":\"click\",\"timestamp\":1763699999000};MISSING_FIELD;userId",
        "negative itemId;{\"eventId\":\"a\",\"userId\":1,\"itemId\":-2,\"categoryId\":3,\"type\":\"click\",\"timestamp\":1763699999000};INVALID_FIELD;itemId",
        "string categoryId;{\"eventId\":\"a\",\"userId\":1,\"itemId\":2,\"categoryId\":\"x\",\"type\":\"click\",\"timestamp\":1763699999000};INVALID_FIELD;categoryId",
        "blank eventId;{\"eventId\":\" \",\"userId\":1,\"itemId\":2,\"categoryId\":3,\"type\":\"click\",\"timestamp\":1763699999000};INVALID_FIELD;eventId",
        "unknown type;{\"eventId\":\"a\",\"userId\":1,\"itemId\":2,\"categoryId\":3,\"type\":\"like\",\"timestamp\":1763699999000};UNKNOWN_TYPE;type",
        "seconds not millis;{\"eventId\":\"a\",\"userId\":1,\"itemId\":2,\"categoryId\":3,\"type\":\"click\",\"timestamp\":1763699999};TIMESTAMP_OUT_OF_RANGE;timestamp",
        "far future;{\"eventId\":\"a\",\"userId\":1,\"itemId\":2,\"categoryId\":3,\"type\":\"click\",\"timestamp\":1863699999000};TIMESTAMP_OUT_OF_RANGE;timestamp",
        "fractional timestamp;{\"eventId\":\"a\",\"userId\":1,\"itemId\":2,\"categoryId\":3,\"type\":\"click\",\"timestamp\":1.5};INVALID_FIELD;timestamp",
    })
    void invalidEventsAreRejectedWithReasonAndField(String name, String json, Reason reason, String field) {
        Decoded d = decode(json);
        assertThat(d.isOk()).as(name).isFalse();
        assertThat(d.rejection().reason()).isEqualTo(reason);
        assertThat(d.rejection().field()).isEqualTo(field);
        assertThat(d.rejection().message()).isNotBlank();
    }

    @Test
    void arrayDecodesEachElementInOrder() {
        String body = """
                [{"eventId":"a","userId":1,"itemId":2,"categoryId":3,"type":"buy","timestamp":%d}, 17, {"eventId":"b"}]"""
                .formatted(NOW);
        List<Decoded> all = codec.decodeArray(body.getBytes(StandardCharsets.UTF_8));
        assertThat(all).hasSize(3);
        assertThat(all.get(0).isOk()).isTrue();
        assertThat(all.get(1).rejection().reason()).isEqualTo(Reason.MALFORMED_JSON);
        assertThat(all.get(2).rejection().reason()).isEqualTo(Reason.MISSING_FIELD);
    }

    @Test
    void anArrayLongerThanTheLimitIsReadOnlyOnePastIt() {
        StringBuilder body = new StringBuilder("[{}");
        for (int i = 1; i < 100_000; i++) {
            body.append(",{}");
        }
        List<Decoded> read = codec.decodeArray(body.append(']').toString().getBytes(StandardCharsets.UTF_8), 10);
        assertThat(read).as("one past the limit says there are more").hasSize(11);
        assertThat(codec.decodeArray("[{},{}]".getBytes(StandardCharsets.UTF_8), 2)).hasSize(2);
    }

    @Test
    void bodyThatIsNotValidJsonOrHasTrailingTokensIsABadRequest() {
        for (String body : new String[] {"", "[{}", "[{}] x", "[1] [2]"}) {
            assertThatThrownBy(() -> codec.decodeArray(body.getBytes(StandardCharsets.UTF_8)))
                    .as(body).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
        }
    }

    @Test
    void bodyThatIsNotAnArrayIsABadRequest() {
        assertThatThrownBy(() -> codec.decodeArray("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("array");
    }

    @Test
    void taobaoBehavioursMapToEventTypes() {
        assertThat(EventType.fromTaobaoBehavior("pv")).contains(EventType.CLICK);
        assertThat(EventType.fromTaobaoBehavior("buy")).contains(EventType.BUY);
        assertThat(EventType.fromTaobaoBehavior("like")).isEmpty();
    }
}
