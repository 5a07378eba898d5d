package io.streamrank.bench;

import io.streamrank.local.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;

/**
 * {@code --paired N}: two services run side by side, each in its own JVM on its own port, and take turns at the first
 * of {@code --rates} in short rounds, A B B A A B ..., so that both see the same spells of this shared machine. Either
 * two builds under the same JVM options ({@code --compare-jar} is A, {@code --service-jar} B) or one build under two
 * JVM option sets ({@code --jvm "a|b"}). Each round's service CPU per answer comes from the active service's own
 * process; the report gives every pair's ratio B/A, their median and how many pairs went B's way (a sign test), and
 * the same for the P99. Separate runs ({@code --repeat}) differ by more than the ~5 % a single lever is worth here:
 * the no-op ceiling alone moved 11–23 k/s between runs of one session.
 */
final class PairedRun {

    private static final String HOST = "localhost";

    private final BenchOptions o;
    private final LocalStack stack;
    private final List<Long> users;
    private final Side a;
    private final Side b;
    private final Path work;

    /** One of the two services: its jar and JVM options. */
    record Side(Path jar, List<String> jvm) {

        @Override
        public String toString() {
            return jar + " with " + (jvm.isEmpty() ? "default JVM options" : String.join(" ", jvm));
        }
    }

    PairedRun(BenchOptions o, LocalStack stack, List<Long> users, Side a, Side b, Path work) {
        this.o = o;
        this.stack = stack;
        this.users = users;
        this.a = a;
        this.b = b;
        this.work = work;
    }

    List<String> execute() throws Exception {
        int candidates = o.candidateCounts().get(0);
        int portA = o.integer("port") + 1;
        System.out.println("\nstarting both services: A " + a + " on :" + portA + ", B " + b + " on :"
                + o.integer("port"));
        try (ServiceProcess sa = start(a, portA, "service-a.log");
             ServiceProcess sb = start(b, o.integer("port"), "service-b.log")) {
            boolean ann = sa.awaitAnnIndex(Duration.ofMinutes(3)) & sb.awaitAnnIndex(Duration.ofMinutes(3));
            LoadGenerator la = new LoadGenerator(HOST, portA);
            LoadGenerator lb = new LoadGenerator(HOST, o.integer("port"));
            LongFunction<byte[]> rank = BenchRun.rankRequests(o, users, candidates, stack.replayed());
            System.out.println("warming up both ...");
            Duration warm = Duration.ofSeconds(o.integer("warmup"));
            la.fixedRate("warm-up A", rank, 300, warm, o.integer("connections"));
            lb.fixedRate("warm-up B", rank, 300, warm, o.integer("connections"));
            try (ClickLoad clicks = ClickLoad.start(stack.bootstrapServers(), stack.replayed(), o.integer("clicks"));
                 KernelMonitorProbe kernel = KernelMonitorProbe.start()) {
                List<String> out = rounds(sa, sb, la, lb, rank, ann, kernel);
                if (clicks.sent() > 0) {
                    out.add(String.format("clicks produced during the rounds (--clicks): %,d", clicks.sent()));
                }
                return out;
            }
        }
    }

    private List<String> rounds(ServiceProcess sa, ServiceProcess sb, LoadGenerator la, LoadGenerator lb,
                                LongFunction<byte[]> rank, boolean ann, KernelMonitorProbe kernel) throws Exception {
        int pairs = o.integer("paired");
        int seconds = o.integer("paired-seconds");
        int rate = o.rates().get(0);
        int candidates = o.candidateCounts().get(0);
        List<String> out = new ArrayList<>();
        out.add("");
        out.add(String.format("== paired rounds: A = %s, B = %s; %d/s, %d candidates, %d s per round; "
                + "HNSW ready: %s", a, b, rate, candidates, seconds, ann));
        out.add("pair  A CPU ms/answer  B CPU ms/answer   B/A   A p50/p99 ms   B p50/p99 ms  A 503  B 503   load");
        double[] cpuA = new double[pairs];
        double[] cpuB = new double[pairs];
        double[] p99A = new double[pairs];
        double[] p99B = new double[pairs];
        List<String> stalls = new ArrayList<>();
        long shedA = 0;
        long shedB = 0;
        long requests = 0;
        Duration round = Duration.ofSeconds(seconds);
        for (int p = 0; p < pairs; p++) {
            System.out.printf("pair %d of %d ...%n", p + 1, pairs);
            // A B, then B A: a drift within the pair hits both orders equally often.
            Round ra;
            Round rb;
            if (p % 2 == 0) {
                ra = Round.of(sa, la, rank, rate, round, o);
                rb = Round.of(sb, lb, rank, rate, round, o);
            } else {
                rb = Round.of(sb, lb, rank, rate, round, o);
                ra = Round.of(sa, la, rank, rate, round, o);
            }
            cpuA[p] = ra.cpuMs();
            cpuB[p] = rb.cpuMs();
            p99A[p] = ra.result().ms(99);
            p99B[p] = rb.result().ms(99);
            shedA += ra.result().rejected();
            shedB += rb.result().rejected();
            requests += ra.result().latency().getTotalCount();
            stalls.add(Report.stalls("in pair " + (p + 1) + " A", ra.result()));
            stalls.add(ra.kernel("in pair " + (p + 1) + " A", kernel));
            stalls.add(Report.stalls("in pair " + (p + 1) + " B", rb.result()));
            stalls.add(rb.kernel("in pair " + (p + 1) + " B", kernel));
            out.add(String.format("%4d  %15.3f  %15.3f  %5.3f  %5.2f / %6.2f  %5.2f / %6.2f  %5d  %5d  %s", p + 1,
                    cpuA[p], cpuB[p], cpuB[p] / cpuA[p], ra.result().ms(50), p99A[p], rb.result().ms(50), p99B[p],
                    ra.result().rejected(), rb.result().rejected(), Report.loadAverage()));
        }
        out.add(String.format("medians: A %.3f ms, B %.3f ms CPU per answer; %s", Report.median(cpuA),
                Report.median(cpuB), compared(cpuA, cpuB)));
        out.add("P99: " + compared(p99A, p99B));
        // The goal's strict reading: any 503 at the goal's rate misses it, however low the P99.
        out.add(String.format("503s: A %d, B %d (of about %d requests each)", shedA, shedB, requests));
        out.addAll(stalls);
        return out;
    }

    private ServiceProcess start(Side side, int port, String log) throws Exception {
        return ServiceProcess.startForBench(o, stack, side.jar(), side.jvm(), port, work.resolve(log));
    }

    /**
     * One round of one service: its load result, the CPU its process used per answered request, and when it ran
     * (epoch ms).
     */
    private record Round(LoadGenerator.Result result, double cpuMs, long fromMillis, long toMillis) {

        static Round of(ServiceProcess s, LoadGenerator load, LongFunction<byte[]> rank, int rate, Duration d,
                        BenchOptions o) throws Exception {
            double before = s.cpuSeconds();
            long from = System.currentTimeMillis();
            LoadGenerator.Result r = load.fixedRate("round", rank, rate, d, o.integer("connections"));
            return new Round(r, Report.cpuMsPerAnswer(s.cpuSeconds() - before, r), from, System.currentTimeMillis());
        }

        /** What the kernel's DAMON monitor did during the round (ADR 63). */
        String kernel(String phase, KernelMonitorProbe probe) {
            return KernelMonitorReport.line(phase, probe, fromMillis, toMillis, result.stalls());
        }
    }

    /** B against A pair by pair: the median and range of the ratios B/A, and in how many pairs B was lower. */
    private static String compared(double[] a, double[] b) {
        double[] ratios = new double[a.length];
        int bLower = 0;
        for (int p = 0; p < a.length; p++) {
            ratios[p] = b[p] / a[p];
            bLower += b[p] < a[p] ? 1 : 0;
        }
        return String.format("B/A median of the pair ratios %.3f (range %.3f–%.3f); B lower in %d of %d pairs",
                Report.median(ratios), Arrays.stream(ratios).min().orElse(0), Arrays.stream(ratios).max().orElse(0),
                bLower, a.length);
    }
}
