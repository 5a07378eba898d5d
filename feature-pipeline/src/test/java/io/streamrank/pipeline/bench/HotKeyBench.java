package io.streamrank.pipeline.bench;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.pipeline.features.CoVisit;
import io.streamrank.pipeline.features.CoVisitFunction;
import io.streamrank.pipeline.ingest.DeduplicateEvents;
import io.streamrank.pipeline.redis.RedisWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * A benchmark, not a test ({@code bin/bench-hot-keys}): the per-event cost of the keyed operators whose state grows
 * with a key's history — co-visitation per item, de-duplication per user — for one hot key at the most state the
 * operator keeps, against a cold key with a few entries in the same run. Each case drives the operator through
 * Flink's keyed operator test harness on the heap and on the RocksDB state backend (as in production), with the
 * watermark following the events and the co-visitation flush tick firing every {@code --flush-every} events, so the
 * figures include the timers' share. The medians of the measured rounds are reported.
 *
 * <p>It measures a list of {@link Build}s, one round of each in turn (every other round in reverse order), so that a
 * before/after comparison can add the operators of another build for a run, as ADR 80's did with copies of the old
 * ones in these test classes; the list holds this checkout's operators only.
 */
public final class HotKeyBench {

    /** The operators of one build. */
    record Build(String name, Supplier<KeyedProcessFunction<Long, CoVisit, RedisWrite>> coVisit,
                 Supplier<KeyedProcessFunction<Long, ClickEvent, ClickEvent>> dedup) {
    }

    static final Build CURRENT = new Build("this build",
            () -> new CoVisitFunction("bench:", Duration.ofSeconds(1), true),
            () -> new DeduplicateEvents(Duration.ofHours(1)));

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("backends", "heap,rocksdb");
        DEFAULTS.put("rounds", "5");
        DEFAULTS.put("round-ms", "1500");
        DEFAULTS.put("neighbours", "1000");
        DEFAULTS.put("buckets", "24");
        DEFAULTS.put("ids", "4096");
        DEFAULTS.put("flush-every", "1000");
        DEFAULTS.put("watermark-every", "100");
        DEFAULTS.put("only", "");
    }

    static final String USAGE = """
            Usage: bin/bench-hot-keys [--no-build] [--NAME VALUE ...]

            The per-event cost of the co-visitation and de-duplication operators for one hot key (the most state
            the operator keeps) and for a cold one (a few entries), through Flink's keyed operator test harness on
            each state backend. Prints every round and the medians in microseconds per event. About a minute per
            backend with the defaults.

              --backends heap,rocksdb  state backends, in this order (default: %s)
              --rounds N               measured rounds per case, after one warm-up round (default: %s)
              --round-ms MS            about how long a round takes (the warm-up round sets its events; default: %s)
              --neighbours N           the hot item's co-visited neighbours (default: %s, the cap)
              --buckets N              hour buckets per neighbour (default: %s, the 24-hour window)
              --ids N                  the hot user's remembered event ids (default: %s, the cap)
              --flush-every N          co-visits per 1 s flush tick of the hot item (default: %s)
              --watermark-every N      events per watermark, one 2 s behind the newest event (default: %s)
              --only covisit|dedup     one operator's cases only
              --help                   show this help
            """.formatted(DEFAULTS.get("backends"), DEFAULTS.get("rounds"), DEFAULTS.get("round-ms"),
            DEFAULTS.get("neighbours"), DEFAULTS.get("buckets"), DEFAULTS.get("ids"), DEFAULTS.get("flush-every"),
            DEFAULTS.get("watermark-every"));

    private HotKeyBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = BenchArgs.parse(args, DEFAULTS, USAGE);
        if (o == null) {
            return;
        }
        List<Build> builds = new ArrayList<>(List.of(CURRENT));
        HotKeyDriver.Settings settings;
        int rounds;
        List<HotKeyCases.Case<?>> cases;
        List<String> backends = List.of(o.get("backends").split(","));
        try {
            settings = new HotKeyDriver.Settings(positive(o, "flush-every"), positive(o, "watermark-every"),
                    positive(o, "round-ms"));
            rounds = positive(o, "rounds");
            cases = HotKeyCases.all(positive(o, "neighbours"), positive(o, "buckets"), positive(o, "ids"));
        } catch (NumberFormatException e) {
            System.err.println("error: " + e.getMessage() + " (--help lists the options)");
            System.exit(2);
            return;
        }
        if (!List.of("heap", "rocksdb").containsAll(backends)
                || !List.of("", "covisit", "dedup").contains(o.get("only"))) {
            System.err.println("error: --backends takes heap and/or rocksdb, --only covisit or dedup"
                    + " (--help lists the options)");
            System.exit(2);
        }
        System.out.printf("machine: %d cores, load average %.1f at start (shared: other work competes)%n",
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<String> summary = new ArrayList<>();
        try {
            for (String backend : backends) {
                for (HotKeyCases.Case<?> c : cases) {
                    if (c.name().startsWith(o.get("only"))) {
                        summary.addAll(measure(backend, c, builds, settings, rounds));
                    }
                }
            }
        } catch (Exception | Error e) {
            // Exit non-zero: RocksDB's and Flink's threads would otherwise keep the JVM waiting.
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println();
        System.out.println("medians of the rounds, microseconds per event:");
        summary.forEach(System.out::println);
        System.exit(0);
    }

    private static int positive(Map<String, String> o, String name) {
        int value;
        try {
            value = Integer.parseInt(o.get(name));
        } catch (NumberFormatException e) {
            throw new NumberFormatException("--" + name + " is not a number: " + o.get(name));
        }
        if (value <= 0) {
            throw new NumberFormatException("--" + name + " must be positive: " + value);
        }
        return value;
    }

    /** One case on one backend: every build's harness, then alternating rounds; returns the summary lines. */
    private static <I> List<String> measure(String backend, HotKeyCases.Case<I> c, List<Build> builds,
                                            HotKeyDriver.Settings settings, int rounds) throws Exception {
        System.out.printf("%n== %s, %s ==%n", backend, c.name());
        List<HotKeyDriver<I>> drivers = new ArrayList<>();
        try {
            for (Build b : builds) {
                HotKeyDriver<I> d = new HotKeyDriver<>(c, c.function(b), stateBackend(backend), settings);
                drivers.add(d);
                double seconds = d.prefill();
                long events = d.warmUp();
                System.out.printf("  %-12s filled in %.1f s; warm-up sets %,d events per round%n", b.name(), seconds,
                        events);
            }
            double[][] perEvent = new double[builds.size()][rounds];
            for (int r = 0; r < rounds; r++) {
                StringBuilder line = new StringBuilder("  round " + (r + 1) + ":");
                for (int k = 0; k < builds.size(); k++) {
                    // Every other round in the reverse order, so that a drift of the machine's load favours none.
                    int b = r % 2 == 0 ? k : builds.size() - 1 - k;
                    perEvent[b][r] = drivers.get(b).round();
                    line.append(String.format("  %s %.2f us", builds.get(b).name(), perEvent[b][r]));
                }
                System.out.println(line);
            }
            List<String> out = new ArrayList<>();
            for (int b = 0; b < builds.size(); b++) {
                out.add(String.format("  %-8s %-48s %-12s %10.2f", backend, c.name(), builds.get(b).name(),
                        median(perEvent[b])));
            }
            return out;
        } finally {
            for (HotKeyDriver<I> d : drivers) {
                d.close();
            }
        }
    }

    private static org.apache.flink.runtime.state.StateBackend stateBackend(String name) {
        return switch (name) {
            case "heap" -> new HashMapStateBackend();
            case "rocksdb" -> {
                // The harness gives RocksDB a few hundred KiB of managed memory, so it flushed its memtable on about
                // every write; a production slot has about 700 MiB (4 GiB task managers, two slots).
                EmbeddedRocksDBStateBackend rocksDb = new EmbeddedRocksDBStateBackend();
                rocksDb.getMemoryConfiguration().setFixedMemoryPerSlot("512mb");
                yield rocksDb;
            }
            default -> throw new IllegalArgumentException("unknown backend " + name + " (heap or rocksdb)");
        };
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Keeps the harness type in one place (the output type differs per operator and does not matter here). */
    @SuppressWarnings("unchecked")
    static <I> KeyedOneInputStreamOperatorTestHarness<Long, I, Object> harness(HotKeyCases.Case<I> c,
            KeyedProcessFunction<Long, I, ?> function) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>((KeyedProcessFunction<Long, I, Object>) function), c.keySelector(),
                Types.LONG);
    }
}
