package io.streamrank.contract.registry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The mutable stage of an immutable version, stored apart from it at {@code _stages/<version>.json}.
 *
 * @param version   the version it describes
 * @param stage     current stage, {@link Stage#wireName()} form
 * @param updatedAt ISO-8601 instant of the last transition
 * @param history   every transition, oldest first (the audit trail rollback reads)
 */
public record StageRecord(String version, String stage, String updatedAt, List<Transition> history) {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public StageRecord {
        history = List.copyOf(history == null ? List.of() : history);
        Stage.parse(stage);
    }

    /** A fresh record: the version enters {@code stage}. */
    public static StageRecord initial(String version, Stage stage, Instant at, String reason) {
        return new StageRecord(version, stage.wireName(), at.toString(),
                List.of(new Transition(null, stage.wireName(), at.toString(), reason)));
    }

    @JsonIgnore
    public Stage current() {
        return Stage.parse(stage);
    }

    /** This record moved to {@code next}, with the transition appended. */
    public StageRecord moveTo(Stage next, Instant at, String reason) {
        List<Transition> h = new ArrayList<>(history);
        h.add(new Transition(stage, next.wireName(), at.toString(), reason));
        return new StageRecord(version, next.wireName(), at.toString(), h);
    }

    /** When this version last left production, or null if it never did. */
    @JsonIgnore
    public Instant leftProductionAt() {
        Instant last = null;
        for (Transition t : history) {
            if (Stage.PRODUCTION.wireName().equals(t.from())) {
                last = Instant.parse(t.at());
            }
        }
        return last;
    }

    public byte[] toJson() {
        try {
            return MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("a stage record always serialises", e);
        }
    }

    public static StageRecord parse(byte[] json) throws IOException {
        try {
            return MAPPER.readValue(json, StageRecord.class);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt stage record: " + e.getMessage(), e);
        }
    }

    /**
     * @param from   previous stage ({@code null} when the version was registered)
     * @param to     new stage
     * @param at     ISO-8601 instant
     * @param reason who or what asked, free text
     */
    public record Transition(String from, String to, String at, String reason) {
    }
}
