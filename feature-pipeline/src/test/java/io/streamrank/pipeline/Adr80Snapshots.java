package io.streamrank.pipeline;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import io.streamrank.pipeline.KeyedHarness.Backend;
import io.streamrank.pipeline.features.CoVisit;
import io.streamrank.pipeline.features.CoVisitFunction;
import io.streamrank.pipeline.ingest.DeduplicateEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;

/**
 * Snapshots of the co-visitation and de-duplication operators in the state layout of ADR 80 as it landed (375fa25:
 * every entry in the map-state slots, headers without inline entries), which the restore tests
 * ({@code CoVisitInlineTest}, {@code DeduplicateInlineTest}) read from {@code src/test/resources/adr80/}: a savepoint
 * of that build must restore into this one (the headers' POJO serializer evolves; the uids stay).
 *
 * <p>Not a test: a record of how the files were made. Run against the build they stand for (it compiles against both:
 * it uses the operators' public constructors only), e.g. {@code git archive 375fa25 feature-pipeline/src}, compiled
 * with {@code target/test-classpath.txt}: {@code java … io.streamrank.pipeline.Adr80Snapshots <dir>}.
 */
public final class Adr80Snapshots {

    public static final long HOUR = 3_600_000L;
    /** An hour's start, so that every co-visit below falls into one bucket. */
    public static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % HOUR;
    public static final Duration FLUSH = Duration.ofMillis(100);
    public static final Duration RETENTION = Duration.ofMinutes(10);

    private Adr80Snapshots() {
    }

    /** The operator as the job builds it (the flush interval shortened). */
    public static CoVisitFunction coVisitFunction() {
        return new CoVisitFunction("p:", FLUSH, true);
    }

    /**
     * Item 1: neighbours 2 (twice) and 3; item 2: neighbours 10–49 once and 10 again (more than a key keeps inline).
     * No flush tick yet: the write is pending in the snapshot.
     */
    public static List<CoVisit> coVisits() {
        List<CoVisit> out = new ArrayList<>(List.of(new CoVisit(1, 2, T0), new CoVisit(1, 3, T0 + 1),
                new CoVisit(1, 2, T0 + 2)));
        for (int nb = 10; nb < 50; nb++) {
            out.add(new CoVisit(2, nb, T0 + nb));
        }
        out.add(new CoVisit(2, 10, T0 + 50));
        return out;
    }

    /** User 1: ids a, b, c; user 2: ids u0–u39 (more than a key keeps inline). */
    public static List<ClickEvent> clicks() {
        List<ClickEvent> out = new ArrayList<>(List.of(click("a", 1, T0), click("b", 1, T0 + 1),
                click("c", 1, T0 + 2)));
        for (int i = 0; i < 40; i++) {
            out.add(click("u" + i, 2, T0 + i));
        }
        return out;
    }

    public static ClickEvent click(String id, long user, long t) {
        return new ClickEvent(id, user, 10L, 1L, EventType.CLICK, t);
    }

    /** The file a snapshot of {@code operator} ("covisit", "dedup") on {@code backend} was written to. */
    public static String resource(String operator, Backend backend) {
        String name = "/adr80/" + operator + "-" + backend.name().toLowerCase() + ".snapshot";
        return Adr80Snapshots.class.getResource(name).getFile();
    }

    public static OperatorSubtaskState read(String operator, Backend backend) throws Exception {
        return OperatorSnapshotUtil.readStateHandle(resource(operator, backend));
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (Backend backend : Backend.values()) {
            String suffix = "-" + backend.name().toLowerCase() + ".snapshot";
            write(coVisitFunction(), (CoVisit v) -> v.item, coVisits(), backend, dir.resolve("covisit" + suffix));
            write(new DeduplicateEvents(RETENTION), ClickEvent::userId, clicks(), backend,
                    dir.resolve("dedup" + suffix));
        }
    }

    private static <I> void write(KeyedProcessFunction<Long, I, ?> function,
                                  org.apache.flink.api.java.functions.KeySelector<I, Long> key, List<I> events,
                                  Backend backend, Path file) throws Exception {
        @SuppressWarnings("unchecked")
        KeyedProcessFunction<Long, I, Object> f = (KeyedProcessFunction<Long, I, Object>) function;
        try (var h = KeyedHarness.open(f, key, backend, null)) {
            for (I e : events) {
                h.processElement(e, 0L);
            }
            OperatorSnapshotUtil.writeStateHandle(h.snapshot(1L, 1L), file.toString());
        }
    }
}
