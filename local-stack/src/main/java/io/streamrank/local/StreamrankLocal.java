package io.streamrank.local;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.registry.cli.Args;
import io.streamrank.registry.cli.Home;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/** {@code bin/streamrank-local}: starts the embedded stack and prints commands to try against it. */
public final class StreamrankLocal {

    private static final Map<String, String[]> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("port", new String[] {"8080", "HTTP port of the ranking service"});
        OPTIONS.put("data", new String[] {"../shared/data/taobao-userbehavior",
            "folder with the Taobao UserBehavior samples"});
        OPTIONS.put("replay", new String[] {"UserBehavior.time-slice-20171126.csv",
            "file (in --data, or a path) replayed into Kafka, rebased to end now"});
        OPTIONS.put("replay-limit", new String[] {"0", "replay at most this many rows; 0 for all"});
        OPTIONS.put("train", new String[] {"UserBehavior.head-by-user.csv",
            "file (in --data, or a path) the default model is trained on when --models is empty"});
        OPTIONS.put("models", new String[] {".streamrank/models", "model store root"});
        OPTIONS.put("work", new String[] {".streamrank/run", "logs and checkpoints"});
        OPTIONS.put("redis-prefix", new String[] {"sr:local:", "Redis key prefix of this stack (cleared at start)"});
        OPTIONS.put("redis-cluster", new String[] {"false", "true: start a three-master Redis Cluster from redis-server "
            + "on PATH instead of using the local Redis, and run the feature job and the service on it (ADR 52)"});
        OPTIONS.put("service-jar", new String[] {"ranking-service/target/ranking-service.jar", "the service's fat jar"});
        OPTIONS.put("natives", new String[] {"target/tensorflow-natives/linux-x86_64",
            "folder with the TensorFlow native libraries"});
    }

    /** Options whose defaults are paths in the checkout. */
    private static final Set<String> PATHS = Set.of("data", "models", "work", "service-jar", "natives");

    private StreamrankLocal() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + "\n\n" + usage());
            System.exit(2);
            return;
        }
        if (o == null) {
            System.out.println(usage());
            return;
        }
        Path data = Path.of(o.get("data"));
        LocalStack.Options options = new LocalStack.Options(Integer.parseInt(o.get("port")), Path.of(o.get("models")),
                data.resolve(o.get("train")), data.resolve(o.get("replay")), Integer.parseInt(o.get("replay-limit")),
                o.get("redis-prefix"), Path.of(o.get("service-jar")), Path.of(o.get("natives")),
                Path.of(o.get("work")), LocalStack.Options.DEFAULT_CHECKPOINTS,
                Boolean.parseBoolean(o.get("redis-cluster")));
        LocalStack stack;
        try {
            stack = LocalStack.start(options, System.out::println);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // These say what is wrong (no Redis, a port in use, no model to train on): the trace adds nothing.
            System.err.println("streamrank-local could not start: " + e.getMessage());
            System.exit(1);
            return;
        } catch (Exception | Error e) {
            // Everything started so far is stopped again; exit non-zero rather than wait on leftover threads.
            System.err.println("streamrank-local could not start: " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("stopping ...");
                stack.close();
                stopped.countDown();
            }));
        } catch (IllegalStateException shuttingDown) {
            return; // stopped just as the start finished: the stack's own hook stops it
        }
        printTryIt(stack);
        stopped.await();
    }

    private static void printTryIt(LocalStack stack) {
        var events = stack.replayed();
        long cutoff = events.isEmpty() ? 0 : events.get(events.size() - 1).timestamp() - 600_000L;
        Map<Long, Long> activeUsers = events.stream().filter(e -> e.timestamp() >= cutoff && e.type().isInteraction())
                .collect(Collectors.groupingBy(ClickEvent::userId, Collectors.counting()));
        long user = activeUsers.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(1L);
        Set<Long> userCategories = events.stream().filter(e -> e.userId() == user).map(ClickEvent::categoryId)
                .collect(Collectors.toSet());
        Map<Long, Long> itemClicks = new HashMap<>();
        Map<Long, Long> itemCategory = new HashMap<>();
        events.stream().filter(e -> !userCategories.contains(e.categoryId())).forEach(e -> {
            itemClicks.merge(e.itemId(), 1L, Long::sum);
            itemCategory.put(e.itemId(), e.categoryId());
        });
        long item = itemClicks.entrySet().stream().max(Comparator.comparing(Map.Entry::getValue))
                .map(Map.Entry::getKey).orElse(1L);
        long category = itemCategory.getOrDefault(item, 1L);
        String url = stack.baseUrl();
        System.out.printf("""

                Streamrank is up (model %s). Try it:

                  # top-10 for an active user of the replay
                  curl -s '%s/v1/recommendations?userId=%d&k=10'

                  # that user clicks an item of category %d (popular, but new to them); writes need this run's
                  # API write token, reads do not ...
                  curl -s -XPOST %s/v1/events -H 'content-type: application/json' -H 'Authorization: Bearer %s' \\
                    -d "[{\\"eventId\\":\\"demo-$RANDOM\\",\\"userId\\":%d,\\"itemId\\":%d,\\"categoryId\\":%d,\\"type\\":\\"click\\",\\"timestamp\\":$(date +%%s%%3N)}]"

                  # ... and within about a second their top-10 shows category %d
                  curl -s '%s/v1/recommendations?userId=%d&k=10'

                  # on that item's product page: its neighbours first, the item itself left out
                  curl -s '%s/v1/recommendations?userId=%d&k=10&contextItemId=%d&explain=true'

                  # on the page of category %d: only its items, for that user
                  curl -s '%s/v1/recommendations?userId=%d&k=10&categoryId=%d'

                  curl -s %s/actuator/prometheus | grep streamrank_

                Ctrl-C stops everything.
                """, stack.modelVersion(), url, user, category, url, stack.writeToken(), user, item, category,
                category, url, user, url, user, item, category, url, user, category, url);
        System.out.println("Its first answer (GET /v1/recommendations?userId=" + user + "&k=10):\n  "
                + firstAnswer(url + "/v1/recommendations?userId=" + user + "&k=10") + "\n");
    }

    /** The service's answer as it came, or why there is none: the demo shows real output, never a made-up one. */
    private static String firstAnswer(String uri) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return "HTTP " + r.statusCode() + " " + r.body();
        } catch (IOException e) {
            return "no answer: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * The options with their defaults, or {@code null} when help was asked for. Numbers and booleans are checked here:
     * {@code --port 80a} was an uncaught exception, {@code --redis-cluster ture} quietly meant false. A default path
     * is the checkout's ({@link Home}); a path given is the caller's.
     *
     * @throws IllegalArgumentException naming the option at fault
     */
    static Map<String, String> parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        OPTIONS.forEach((k, v) -> values.put(k, PATHS.contains(k) ? Home.resolve(v[0]) : v[0]));
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return null;
            }
        }
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!OPTIONS.containsKey(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or incomplete option: " + args[i]);
            }
            values.put(name, args[++i]);
        }
        integer(values, "port");
        integer(values, "replay-limit");
        Args.parseBoolean("--redis-cluster", values.get("redis-cluster"));
        return values;
    }

    private static void integer(Map<String, String> values, String name) {
        try {
            Integer.parseInt(values.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " wants an integer, got " + values.get(name));
        }
    }

    private static String usage() {
        StringBuilder sb = new StringBuilder("""
                Usage: bin/streamrank-local [--option value ...]

                Starts Streamrank on this machine without Docker: an in-process Kafka broker, the feature job on a
                Flink MiniCluster, the local Redis (or redis-server from PATH), a default model (trained when the
                model store is empty), a replay of the Taobao sample, and the ranking service. Paths given are
                relative to the current directory; the default ones are the checkout's.

                Options:
                """);
        OPTIONS.forEach((k, v) -> sb.append(String.format("  --%-14s %s (default: %s)%n", k, v[1], v[0])));
        return sb.toString();
    }
}
