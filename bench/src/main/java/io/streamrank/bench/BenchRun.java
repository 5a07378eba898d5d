package io.streamrank.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrank.contract.event.ClickEvent;
import io.streamrank.local.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/** One run of the phases against a service started with one set of JVM options. */
final class BenchRun {

    private static final String HOST = "localhost";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchOptions o;
    private final LocalStack stack;
    private final List<Long> users;
    private final List<String> jvm;
    private final Path jar;
    private final String label;
    private final Path work;
    private final int candidates;
    /** The version {@link SwapPhase} promotes ({@code --swap-rate}), or empty. */
    private final String swapTo;

    BenchRun(BenchOptions o, LocalStack stack, List<Long> users, List<String> jvm, Path jar, String label,
             Path work, int candidates, String swapTo) {
        this.o = o;
        this.stack = stack;
        this.users = users;
        this.jvm = jvm;
        this.jar = jar;
        this.label = label;
        this.work = work;
        this.candidates = candidates;
        this.swapTo = swapTo;
    }

    /** The headline figures of one run, for the medians over repeated runs. */
    record Figures(LoadGenerator.Result noop, LoadGenerator.Result rankMax, LoadGenerator.Result serial,
                   double serialCpuMs, Map<Integer, LoadGenerator.Result> fixed, Map<Integer, Double> fixedCpuMs) {
    }

    private Figures figures;
    /** The clicks produced while this run measures ({@code --clicks}); closed with the run. */
    private ClickLoad clicks;

    /** The figures of the last {@link #execute}. */
    Figures figures() {
        return figures;
    }

    List<String> execute() throws Exception {
        // The probe starts after the setting: with DAMON paused it finds no monitor and says so. A set without a
        // DAMON token gives a null setting, which try-with-resources skips.
        try (DamonSetting damon = DamonSetting.apply(jvm); KernelMonitorProbe kernel = KernelMonitorProbe.start();
             OwnGcPauses own = OwnGcPauses.start()) {
            return measure(kernel, damon, own);
        } finally {
            if (clicks != null) {
                clicks.close();
            }
        }
    }

    private List<String> measure(KernelMonitorProbe kernel, DamonSetting damon, OwnGcPauses own) throws Exception {
        int port = o.integer("port");
        System.out.println("\nstarting the service under test (" + label + ") on :" + port + " ...");
        List<String> out = new ArrayList<>();
        // The service logs its safepoints, so that each phase's tail can be set against its JVM's stops.
        Path safepoints = work.resolve("service-safepoints.log");
        Files.deleteIfExists(safepoints);
        List<String> options = new ArrayList<>(jvm);
        options.add(SafepointLog.option(safepoints.toAbsolutePath()));
        long starting = System.nanoTime();
        try (ServiceProcess service = ServiceProcess.startForBench(o, stack, jar, options, port,
                work.resolve("service-under-test.log"))) {
            double readySeconds = (System.nanoTime() - starting) / 1e9;
            LoadGenerator load = new LoadGenerator(HOST, port);
            LongFunction<byte[]> rank = rankRequests(o, users, candidates, stack.replayed());
            LoadGenerator.Result cold = null;
            long coldFrom = 0;
            int coldRate = o.integer("cold-rate");
            if (o.integer("cold") > 0) {
                System.out.println("cold start: " + coldRate + " requests/s as soon as it is ready ...");
                coldFrom = System.currentTimeMillis();
                cold = load.fixedRate("cold " + coldRate + "/s", rank, coldRate,
                        Duration.ofSeconds(o.integer("cold")), o.integer("connections"));
            }
            boolean ann = service.awaitAnnIndex(Duration.ofMinutes(3));
            out.add("");
            out.add("== service: " + label + " (log " + service.log() + ")");
            if (damon != null) {
                out.add(damon.describe());
            }
            out.add(String.format("ready %.1f s after its start (start-up warm-up included); HNSW index ready: %s",
                    readySeconds, ann));
            out.add(warmupSummary(service.log()));
            if (cold != null) {
                out.add(String.format("first %d s at %d/s from the moment it was ready (--cold):", o.integer("cold"),
                        coldRate));
                out.add(Report.header());
                out.add(Report.row(cold, coldRate));
                out.add(Report.stalls("cold start", cold));
                long coldTo = coldFrom + (long) (cold.seconds() * 1000);
                out.add(KernelMonitorReport.line("cold start", kernel, coldFrom, coldTo, cold.stalls()));
                out.add(tail("cold start", cold, safepoints, own, kernel, coldFrom, coldTo));
            }
            out.add(sample(service));

            byte[] pingRequest = HttpConnection.get(HOST, "/v1/ping");
            LongFunction<byte[]> ping = i -> pingRequest;

            System.out.println("warming up ...");
            load.fixedRate("warm-up", rank, 300, Duration.ofSeconds(o.integer("warmup")), o.integer("connections"));
            load.closedLoop("warm-up ping", ping, 4, Duration.ofSeconds(3));
            clicks = ClickLoad.start(stack.bootstrapServers(), stack.replayed(), o.integer("clicks"));
            long clicksStart = System.nanoTime();

            Duration max = Duration.ofSeconds(o.integer("max-duration"));
            int closed = o.integer("closed-connections");
            out.add(Report.header());
            System.out.println("no-op ceiling ...");
            LoadGenerator.Result noop = load.closedLoop("no-op max (" + closed + " conn)", ping, closed, max);
            out.add(Report.row(noop, 0));
            System.out.println("ranking maximum throughput ...");
            LoadGenerator.Result rankMax = load.closedLoop("ranking max (" + closed + " conn)", rank, closed, max);
            out.add(Report.row(rankMax, 0));
            System.out.println("ranking, one request at a time ...");
            Map<String, Double> serialBefore = service.stageTotals();
            double serialCpu = service.cpuSeconds();
            LoadGenerator.Result serial = load.closedLoop("ranking serial (1 conn)", rank, 1, max);
            serialCpu = service.cpuSeconds() - serialCpu;
            out.add(Report.row(serial, 0));
            Map<String, Double> serialAfter = service.stageTotals();

            List<String> stages = new ArrayList<>();
            List<String> stalls = new ArrayList<>();
            Map<Integer, LoadGenerator.Result> fixed = new TreeMap<>();
            Map<Integer, Double> fixedCpuMs = new TreeMap<>();
            Duration settle = Duration.ofSeconds(o.integer("settle"));
            for (int rate : o.rates()) {
                System.out.println("fixed rate " + rate + " requests/s ...");
                if (settle.toSeconds() > 0) {
                    // Not measured: the JIT recompiles the request path for this rate's concurrency first (ADR 46).
                    load.fixedRate("settle " + rate + "/s", rank, rate, settle, o.integer("connections"));
                }
                Map<String, Double> before = service.stageTotals();
                double cpuBefore = service.cpuSeconds();
                long from = System.currentTimeMillis();
                LoadGenerator.Result r = load.fixedRate("fixed " + rate + "/s", rank, rate,
                        Duration.ofSeconds(o.integer("duration")), o.integer("connections"));
                long to = System.currentTimeMillis();
                double cpu = service.cpuSeconds() - cpuBefore;
                fixed.put(rate, r);
                fixedCpuMs.put(rate, Report.cpuMsPerAnswer(cpu, r));
                out.add(Report.row(r, rate));
                stages.add(Report.stages(rate, before, service.stageTotals(), cpu, r));
                stalls.add(Report.stalls(String.format("at %5d/s", rate), r));
                stalls.add(KernelMonitorReport.line(String.format("at %5d/s", rate), kernel, from, to, r.stalls()));
                stalls.add(tail(String.format("at %5d/s", rate), r, safepoints, own, kernel, from, to));
            }
            // Last: the service serves another version afterwards.
            List<String> swap = swapTo.isEmpty() ? List.of()
                    : SwapPhase.run(o, service, load, rank, o.models(jar), SwapVersions.target(o, o.models(jar)),
                            safepoints);
            out.add("service-side mean time per stage (from /actuator/prometheus), service CPU per answered request and"
                    + " cores in use, Redis round trips per request:");
            out.add(Report.stages(0, serialBefore, serialAfter, serialCpu, serial)
                    .replace("at     0/s", "serial    "));
            out.addAll(stages);
            out.addAll(stalls);
            if (clicks.sent() > 0) {
                out.add(String.format("clicks produced while measuring (--clicks): %,d, %.0f/s", clicks.sent(),
                        clicks.sent() / ((System.nanoTime() - clicksStart) / 1e9)));
            }
            out.addAll(swap);
            out.addAll(Report.goals(noop, rankMax, fixed, candidates));
            figures = new Figures(noop, rankMax, serial, Report.cpuMsPerAnswer(serialCpu, serial), fixed, fixedCpuMs);
        }
        return out;
    }

    private static String tail(String phase, LoadGenerator.Result r, Path safepoints, OwnGcPauses own,
                               KernelMonitorProbe kernel, long fromMillis, long toMillis) {
        TailReport.Cause stops = TailReport.stops("a stop of the service's JVM",
                SafepointLog.read(safepoints, fromMillis, toMillis));
        TailReport.Cause bursts = TailReport.bursts(kernel.between(fromMillis, toMillis));
        return TailReport.line(phase, r.slow(), r.ok() + r.rejected() + r.errors(), List.of(stops,
                TailReport.stops("a GC pause of the bench's JVM", own.between(fromMillis, toMillis)), bursts,
                TailReport.after(stops, TailReport.QUEUE_MILLIS), TailReport.after(bursts, TailReport.QUEUE_MILLIS)),
                fromMillis, toMillis);
    }

    /**
     * The i-th ranking request of a phase: the replay's users in turn; with {@code --pages mixed}, two in eight a
     * product page and one in eight a category page of a replayed click.
     */
    static LongFunction<byte[]> rankRequests(BenchOptions o, List<Long> users, int candidates,
                                             List<ClickEvent> events) {
        String tail = "&k=" + o.integer("k") + "&candidateCount=" + candidates;
        List<long[]> clicks = o.get("pages").equals("mixed") ? BenchData.pageClicks(events) : List.of();
        return i -> {
            String page = "";
            if (!clicks.isEmpty() && (i % 8 == 1 || i % 8 == 3 || i % 8 == 5)) {
                long[] click = clicks.get((int) ((i / 8) % clicks.size()));
                page = i % 8 == 3 ? "&categoryId=" + click[1] : "&contextItemId=" + click[0];
            }
            return HttpConnection.get(HOST, "/v1/recommendations?userId=" + users.get((int) (i % users.size())) + tail
                    + page);
        };
    }

    /** 100 explained requests: what retrieval and the rules did, so the load is known to be 500-candidate ranking. */
    private String sample(ServiceProcess service) throws Exception {
        Map<String, Integer> bySource = new TreeMap<>();
        long retrieved = 0;
        long scored = 0;
        int degraded = 0;
        int n = 100;
        for (int i = 0; i < n; i++) {
            long user = users.get(users.size() - 1 - i);
            JsonNode body = JSON.readTree(service.get("/v1/recommendations?userId=" + user + "&k=" + o.get("k")
                    + "&candidateCount=" + candidates + "&explain=true"));
            degraded += body.get("degraded").asBoolean() ? 1 : 0;
            JsonNode e = body.get("explanation");
            retrieved += e.get("retrieved").asLong();
            scored += e.get("scored").asLong();
            e.get("retrievedBySource").properties().forEach(s -> bySource.merge(s.getKey(), s.getValue().asInt(),
                    Integer::sum));
        }
        StringBuilder sb = new StringBuilder(String.format(
                "sample of %d requests: mean %.0f candidates retrieved, %.0f scored, %d degraded; per source:", n,
                (double) retrieved / n, (double) scored / n, degraded));
        bySource.forEach((s, c) -> sb.append(String.format(" %s %.0f", s, (double) c / n)));
        return sb.toString();
    }

    /** The service's own account of its start-up warm-up (ADR 53, 62): how long each part took, and the JIT's state. */
    static String warmupSummary(Path serviceLog) {
        String marker = "warm-up done in ";
        try (var lines = Files.lines(serviceLog)) {
            return lines.filter(l -> l.contains(marker)).reduce((a, b) -> b)
                    .map(l -> "start-up warm-up: " + l.substring(l.indexOf(marker) + "warm-up ".length()))
                    .orElse("start-up warm-up: none logged (off, or the log has no such line)");
        } catch (IOException | UncheckedIOException e) {
            return "start-up warm-up: log not readable (" + e.getMessage() + ")";
        }
    }
}
