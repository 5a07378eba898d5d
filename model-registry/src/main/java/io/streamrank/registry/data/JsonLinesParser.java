package io.streamrank.registry.data;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.Decoded;
import io.streamrank.contract.event.EventCodec;
import java.nio.charset.StandardCharsets;

/** Parses Streamrank wire-form events, one JSON object per line, with the same validation as live ingest. */
final class JsonLinesParser implements LineParser {

    /**
     * Training replays history, so the "not in the future" check must not compare against today's clock: a clock far
     * in the future keeps every other rule of the live codec (ids, types, the lower timestamp bound) in force. The
     * job's future rule is applied against the recording's own clock instead ({@link StreamAdmission}).
     */
    private static final EventCodec CODEC = new EventCodec(() -> Long.MAX_VALUE / 2, 0L);

    @Override
    public ClickEvent parse(String line) {
        Decoded decoded = CODEC.decode(line.getBytes(StandardCharsets.UTF_8));
        return decoded.isOk() ? decoded.event() : null;
    }
}
