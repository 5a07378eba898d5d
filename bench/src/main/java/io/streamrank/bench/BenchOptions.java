package io.streamrank.bench;

import io.streamrank.registry.cli.Home;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command line of {@code bin/bench-ranking}: {@code --name value} pairs, each with a default. */
final class BenchOptions {

    private static final Map<String, String[]> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("port", new String[] {"18081", "HTTP port of the ranking service under test"});
        OPTIONS.put("stack-port", new String[] {"18080", "HTTP port of the local stack's own service (idle)"});
        OPTIONS.put("stack-checkpoints", new String[] {"0", "seconds between the local stack's feature-job checkpoints "
            + "(0: none). Off by default: once the replay is in Redis the job has nothing new, and each checkpoint of its "
            + "whole heap state took ~0.5 s of CPU from the service's two cores every 10 s (ADR 44); in production "
            + "the job runs on Flink's own nodes. 10 measures with them, as bin/streamrank-local runs"});
        OPTIONS.put("redis-cluster", new String[] {"false", "true: the local stack starts a three-master Redis Cluster "
            + "from redis-server on PATH, and the feature job and the services under test use their cluster switches "
            + "(ADR 52); false: the local Redis"});
        OPTIONS.put("data", new String[] {"../shared/data/taobao-userbehavior", "folder with the Taobao samples"});
        OPTIONS.put("replay", new String[] {"UserBehavior.time-slice-20171126.csv",
            "file (in --data, or a path) replayed through Kafka and the feature job into Redis"});
        OPTIONS.put("train", new String[] {"UserBehavior.head-by-user.csv",
            "file (in --data, or a path) the model is trained on when --models has no model of the current schema"});
        OPTIONS.put("models", new String[] {".streamrank/bench/models", "model store root"});
        OPTIONS.put("work", new String[] {".streamrank/bench/run", "logs, checkpoints and the report"});
        OPTIONS.put("redis-prefix", new String[] {"sr:bench:", "Redis key prefix (cleared at start and end)"});
        OPTIONS.put("rates", new String[] {"500,1000,2000", "fixed request rates, requests/s"});
        OPTIONS.put("duration", new String[] {"20", "seconds per fixed rate"});
        OPTIONS.put("max-duration", new String[] {"15", "seconds per maximum-throughput phase"});
        OPTIONS.put("cold", new String[] {"20", "seconds at --cold-rate as soon as the service reports ready, "
            + "before the bench's own warm-up: a fresh pod meeting its share of traffic (its start-up warm-up, "
            + "streamrank.warmup.duration, ADR 53, is over by then; -Dstreamrank.warmup.duration=0s in --jvm turns it "
            + "off); 0: skip"});
        OPTIONS.put("cold-rate", new String[] {"1000", "requests/s of the --cold phase"});
        OPTIONS.put("clicks", new String[] {"0", "clicks per second produced to Kafka from the end of the warm-up to the"
            + " end of each run, or through the rounds of --paired (the replay's events again, stamped now): the"
            + " feature job then keeps writing to Redis while the service is measured, and Redis keeps announcing the"
            + " changed keys to it (ADR 56); 0: none, the feature job idles once the replay is in"});
        OPTIONS.put("warmup", new String[] {"60",
            "seconds of warm-up at 300 requests/s before measuring (the JIT is still compiling after 20 s here)"});
        OPTIONS.put("settle", new String[] {"15", "seconds at each fixed rate before measuring it (not measured): the "
            + "first seconds at a new rate after the other phases brought bursts of JIT compilations and deoptimizations "
            + "of the request path, and stalls with them (ADR 46); 0: measure from the first request, as before "
            + "2026-11-22"});
        OPTIONS.put("connections", new String[] {"64", "connections of the fixed-rate load generator"});
        OPTIONS.put("closed-connections", new String[] {"8",
            "connections of the maximum-throughput phases (more than the service's max-concurrent only measure 503s)"});
        OPTIONS.put("candidates", new String[] {"500", "candidates per request (candidateCount); a comma-separated list "
            + "runs every count in turn under each JVM option set, interleaved (the goals are judged at 500 only)"});
        OPTIONS.put("k", new String[] {"10", "items per answer"});
        OPTIONS.put("pages", new String[] {"home", "which pages the ranking requests ask for: home (the user's page, "
            + "userId only), or mixed: of every eight requests five home pages, two product pages (contextItemId: the "
            + "item of a replayed click, ADR 86, 89) and one category page (categoryId: that click's category, ADR 87, "
            + "88), the clicks in a seeded shuffle"});
        OPTIONS.put("jvm", new String[] {"-Xmx1228m -XX:+UseTransparentHugePages -XX:-ClassUnloadingWithConcurrentMark "
            + "-XX:MetaspaceSize=128m -XX:InitiatingHeapOccupancyPercent=70",
            "JVM options of the service, one run per '|'-separated set ('default': none); a token jdk=DIR runs that set "
                + "on the Java installed in DIR instead of the bench's own; a token damon=pause switches the kernel's "
                + "DAMON monitors off for that set's runs and on again after them, damon=idle keeps them running with "
                + "their threads under SCHED_IDLE (root only; whole runs, not --paired; "
                + "every report says what DAMON did in each measured phase); the default is a pod's "
                + "(heap: 60 % of its 2 GiB limit in deploy/; transparent huge pages, ADR 36; classes unloaded at full "
                + "collections only and a metaspace threshold above start-up's, ADR 73)"});
        OPTIONS.put("repeat", new String[] {"1",
            "runs per JVM option set, interleaved; with more than 1 the report ends with the medians"});
        OPTIONS.put("embeddings-dim", new String[] {"32", "dimension of synthetic embeddings if the model has none"});
        OPTIONS.put("service-jar", new String[] {"ranking-service/target/ranking-service.jar", "the service's fat jar"});
        OPTIONS.put("compare-jar", new String[] {"",
            "a second build of the service (e.g. main's, copied aside) run interleaved with --service-jar under the same "
                + "JVM options, for a before/after comparison in one run ('': none)"});
        OPTIONS.put("compare-models", new String[] {"",
            "model store root for the --compare-jar runs, when that build needs models of another schema ('': --models)"});
        OPTIONS.put("paired", new String[] {"0",
            "instead of whole runs, start two services side by side (--compare-jar and --service-jar, or the two "
                + "--jvm sets 'a|b'; A on --port + 1) and alternate this many pairs of short rounds at the first of "
                + "--rates, comparing service CPU per answer and P99 pair by pair (0: off)"});
        OPTIONS.put("paired-seconds", new String[] {"10", "seconds per round of --paired"});
        OPTIONS.put("scrape-every", new String[] {"15", "seconds between scrapes of the service's /actuator/prometheus "
            + "while it runs, as Prometheus does in production (deploy/: 15 s); 0: only the bench's own scrapes between "
            + "phases, as before 2026-11-22"});
        OPTIONS.put("swap-rate", new String[] {"0", "requests/s of a last phase in which another model version is "
            + "promoted to production --swap-after s in, and the service hot-swaps to it under that load; reports per "
            + "5 s what it answered, shed and searched, then per step of the swap (fetch, load, served, new index) and "
            + "per 250 ms around it the 503s, slow requests and the service's JVM stops (0: no such phase)"});
        OPTIONS.put("swap-after", new String[] {"15", "seconds into the swap phase at which the version is promoted"});
        OPTIONS.put("swap-duration", new String[] {"90", "seconds of the swap phase"});
        OPTIONS.put("swap-version", new String[] {"", "the version to swap to ('': <the serving one>-swap, trained on "
            + "--train with another seed when the store does not have it); the serving one is production again after"});
        OPTIONS.put("natives", new String[] {"target/tensorflow-natives/linux-x86_64", "TensorFlow natives"});
    }

    /** Options whose defaults are paths in the checkout. */
    private static final Set<String> PATHS = Set.of("data", "models", "work", "service-jar", "natives");

    private final Map<String, String> values;

    private BenchOptions(Map<String, String> values) {
        this.values = values;
    }

    /**
     * The options, or {@code null} after printing help. A default path is the checkout's
     * ({@link io.streamrank.registry.cli.Home}); a path given is the caller's.
     *
     * @throws IllegalArgumentException naming the option at fault, followed by the usage
     */
    static BenchOptions parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        OPTIONS.forEach((k, v) -> values.put(k, PATHS.contains(k) ? Home.resolve(v[0]) : v[0]));
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.println(usage());
                return null;
            }
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!OPTIONS.containsKey(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or incomplete option: " + args[i] + "\n\n" + usage());
            }
            values.put(name, args[++i]);
        }
        // Checked before minutes of training and replay: a typo failed late, and a misspelt boolean meant false.
        OPTIONS.forEach((k, v) -> {
            String value = values.get(k).trim();
            // --candidates takes a list; every other option with a number as its default is read as an int.
            if (v[0].matches("\\d+") && !k.equals("candidates") && !value.matches("-?\\d{1,9}")) {
                throw new IllegalArgumentException("--" + k + " wants an integer, got '" + value + "'\n\n" + usage());
            }
            if ((v[0].equals("true") || v[0].equals("false")) && !value.equalsIgnoreCase("true")
                    && !value.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("--" + k + " wants true or false, got '" + value + "'\n\n"
                        + usage());
            }
        });
        if (!values.get("pages").equals("home") && !values.get("pages").equals("mixed")) {
            throw new IllegalArgumentException("--pages wants home or mixed, got '" + values.get("pages") + "'\n\n"
                    + usage());
        }
        return new BenchOptions(values);
    }

    String get(String name) {
        return values.get(name);
    }

    int integer(String name) {
        return Integer.parseInt(values.get(name).trim());
    }

    List<Integer> rates() {
        return Arrays.stream(values.get("rates").split(",")).map(String::trim).map(Integer::valueOf).toList();
    }

    /** The candidate counts to run, in order. */
    List<Integer> candidateCounts() {
        return Arrays.stream(values.get("candidates").split(",")).map(String::trim).map(Integer::valueOf).toList();
    }

    /** One list of JVM options per run. */
    List<List<String>> jvmRuns() {
        return Arrays.stream(values.get("jvm").split("\\|")).map(String::trim)
                .map(s -> s.equals("default") || s.isEmpty() ? List.<String>of() : List.of(s.split("\\s+")))
                .toList();
    }

    /** The service jars to run: {@code --service-jar}, then {@code --compare-jar} when given. */
    List<Path> jars() {
        String compare = values.get("compare-jar").trim();
        Path main = Path.of(values.get("service-jar"));
        return compare.isEmpty() ? List.of(main) : List.of(main, Path.of(compare));
    }

    /** The model store root for the service built as {@code jar} (one of {@link #jars()}). */
    Path models(Path jar) {
        String compare = values.get("compare-models").trim();
        boolean isCompare = jars().size() > 1 && jar.equals(jars().get(1));
        return Path.of(isCompare && !compare.isEmpty() ? compare : values.get("models"));
    }

    private static String usage() {
        StringBuilder sb = new StringBuilder("""
                Usage: bin/bench-ranking [--option value ...]

                Fills Redis through the real pipeline (the local stack: Kafka, the Flink feature job, Redis) from the
                Taobao sample, loads a catalog over REST, then drives the ranking service at fixed rates with an
                open-loop load generator and measures the maximum throughput of ranking and of a no-op endpoint on
                the same server. Prints P50/P99/P99.9 per phase and the comparison with the goals. Paths given are
                relative to the current directory; the default ones are the checkout's.

                Options:
                """);
        OPTIONS.forEach((k, v) -> sb.append(String.format("  --%-19s %s (default: %s)%n", k, v[1], v[0])));
        return sb.toString();
    }
}
