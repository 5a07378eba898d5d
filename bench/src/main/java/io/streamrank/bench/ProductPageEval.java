package io.streamrank.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.event.TaobaoCsv;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Next-view evaluation of product pages against a running service (ADR 91): pairs (A, B) of a shopper's consecutive
 * views in a recorded day, A an item the model was trained on; the product page of A ({@code k=200},
 * {@code explain=true}); where B ranks under three orders recomputed from the same answers: as served, with the
 * items without an embedding unmoved (ADR 89 before ADR 91), and without the {@code context_similarity} rule. Each
 * top-K is taken with the per-category cap. Not a test: it prints hit rates, and the pairs one order hits and another
 * misses.
 */
final class ProductPageEval {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] KS = {10, 50};
    private static final Set<String> OPTIONS = Set.of("port", "token", "data", "day", "train", "pairs", "seed",
            "users", "max-per-category", "weights", "served-weight");
    /** Views further apart than this are not one visit's next view. */
    private static final long MAX_GAP_MS = 30 * 60_000L;

    /** One answer's item: its final score, category and what the context rule added (all, and by its category). */
    record Item(long id, double score, long category, double context, double byCategory) {
    }

    /** An order of a page: the score it sorts by. */
    record Order(String name, ToDoubleFunction<Item> score) {
    }

    /**
     * As served, with the items without an embedding unmoved, and with the rule's weight {@code w} instead of the
     * served one for each of {@code weights} (0: no rule).
     */
    static List<Order> orders(double servedWeight, List<Double> weights) {
        List<Order> out = new ArrayList<>(List.of(new Order("as served", Item::score),
                new Order("items without an embedding unmoved (before ADR 91)", i -> i.score() - i.byCategory())));
        for (double w : weights) {
            out.add(new Order(w == 0 ? "no context_similarity (before ADR 89)" : "context-similarity-weight " + w,
                    i -> i.score() - i.context() + w / servedWeight * i.context()));
        }
        return out;
    }

    private ProductPageEval() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o;
        try {
            o = options(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (o.containsKey("help")) {
            System.out.println("""
                    Usage: bin/eval-product-pages [--option value ...]

                    Evaluates product pages of a running ranking service (e.g. bin/streamrank-local) by next views:
                    for pairs (A, B) of a shopper's consecutive views in --day (A in --train, at most 30 min apart),
                    where B ranks on the product page of A, as served and with the context_similarity rule's parts
                    taken out. Anonymous users (default) have no features of their own, so B cannot come from the
                    shopper's own later clicks; --users own asks as the shopper, whose features hold the whole day.

                    Options:
                      --port       the service's HTTP port (default 8080)
                      --token      API bearer token, if the service needs one
                      --data       folder of the Taobao samples
                                   (default: the checkout's ../shared/data/taobao-userbehavior)
                      --day        file of the views (default UserBehavior.time-slice-20171126.csv)
                      --train      file the served model was trained on (default UserBehavior.head-by-user.csv)
                      --pairs      pairs to ask (default 4000), drawn with --seed (default 11)
                      --users      anonymous | own (default anonymous)
                      --max-per-category  the service's rules.max-per-category (default 4)
                      --served-weight     the service's rules.context-similarity-weight (default 1.0)
                      --weights    other weights to recompute the pages with (default 0,0.5,2,4; 0: no rule). Only
                                   the 200 items answered are reordered: an item the served weight left out of them
                                   cannot come back, so weights far from the served one read low""");
            return;
        }
        // The default is beside the checkout, as bin/streamrank-local's; a given path is the caller's.
        Path data = o.containsKey("data") ? Path.of(o.get("data"))
                : Path.of(System.getProperty("streamrank.home", "."), "..", "shared", "data", "taobao-userbehavior");
        int port = Integer.parseInt(o.getOrDefault("port", "8080"));
        int n = Integer.parseInt(o.getOrDefault("pairs", "4000"));
        int cap = Integer.parseInt(o.getOrDefault("max-per-category", "4"));
        boolean own = o.getOrDefault("users", "anonymous").equals("own");
        List<long[]> pairs = pairs(data.resolve(o.getOrDefault("day", "UserBehavior.time-slice-20171126.csv")),
                items(data.resolve(o.getOrDefault("train", "UserBehavior.head-by-user.csv"))));
        Collections.shuffle(pairs, new Random(Long.parseLong(o.getOrDefault("seed", "11"))));
        pairs = pairs.subList(0, Math.min(n, pairs.size()));
        System.out.printf("%d pairs of consecutive views, %s users, product pages of port %d%n", pairs.size(),
                own ? "their own" : "anonymous", port);

        HttpClient http = HttpClient.newHttpClient();
        List<Double> weights = new ArrayList<>();
        for (String w : o.getOrDefault("weights", "0,0.5,2,4").split(",")) {
            weights.add(Double.parseDouble(w));
        }
        List<Order> orders = orders(Double.parseDouble(o.getOrDefault("served-weight", "1.0")), weights);
        int[][] hits = new int[orders.size()][KS.length];
        int[][][] only = new int[orders.size()][KS.length][2];
        int returned = 0;
        for (int p = 0; p < pairs.size(); p++) {
            long a = pairs.get(p)[0];
            long b = pairs.get(p)[1];
            long user = own ? pairs.get(p)[2] : 990_000_000L + p;
            List<Item> page = page(http, port, o.get("token"), user, a);
            returned += page.stream().anyMatch(i -> i.id() == b) ? 1 : 0;
            for (int k = 0; k < KS.length; k++) {
                boolean served = top(page, orders.get(0), KS[k], cap).contains(b);
                for (int r = 0; r < orders.size(); r++) {
                    boolean hit = top(page, orders.get(r), KS[k], cap).contains(b);
                    hits[r][k] += hit ? 1 : 0;
                    only[r][k][0] += served && !hit ? 1 : 0;
                    only[r][k][1] += hit && !served ? 1 : 0;
                }
            }
            if ((p + 1) % 1000 == 0) {
                System.out.printf("  %d pages asked%n", p + 1);
            }
        }
        System.out.printf("B among the 200 items answered: %d of %d%n", returned, pairs.size());
        for (int r = 0; r < orders.size(); r++) {
            StringBuilder line = new StringBuilder(String.format("%-52s", orders.get(r).name()));
            for (int k = 0; k < KS.length; k++) {
                line.append(String.format("  hit@%d %4d (%.2f %%)", KS[k], hits[r][k],
                        100.0 * hits[r][k] / pairs.size()));
                if (r > 0) {
                    line.append(String.format(" [served only %d, this only %d]", only[r][k][0], only[r][k][1]));
                }
            }
            System.out.println(line);
        }
    }

    /** The page's top {@code k} by the order's score, at most {@code cap} per known category. */
    static List<Long> top(List<Item> page, Order order, int k, int cap) {
        List<Item> sorted = new ArrayList<>(page);
        sorted.sort(Comparator.comparingDouble(order.score()).reversed());
        Map<Long, Integer> perCategory = new HashMap<>();
        List<Long> out = new ArrayList<>(k);
        for (Item i : sorted) {
            if (out.size() == k) {
                break;
            }
            if (i.category() != 0 && perCategory.merge(i.category(), 1, Integer::sum) > cap) {
                continue;
            }
            out.add(i.id());
        }
        return out;
    }

    /** An explained answer's items. */
    static List<Item> items(JsonNode answer) {
        List<Item> out = new ArrayList<>();
        for (JsonNode item : answer.get("items")) {
            JsonNode why = item.get("explanation");
            double context = 0;
            double byCategory = 0;
            for (JsonNode a : why.path("adjustments")) {
                if (a.get("rule").asText().equals("context_similarity")) {
                    context += a.get("delta").asDouble();
                    byCategory += a.get("note").asText().startsWith("no embedding") ? a.get("delta").asDouble() : 0;
                }
            }
            out.add(new Item(item.get("itemId").asLong(), item.get("score").asDouble(), why.path("categoryId").asLong(),
                    context, byCategory));
        }
        return out;
    }

    private static List<Item> page(HttpClient http, int port, String token, long user, long item) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/v1/recommendations?userId=" + user + "&contextItemId=" + item + "&k=200&explain=true"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode() + " for the product page of " + item + ": "
                    + r.body());
        }
        return items(JSON.readTree(r.body()));
    }

    /** (A, B, user) of each user's consecutive views, A in {@code known}, B another item, at most 30 min later. */
    static List<long[]> pairs(Path day, Set<Long> known) throws IOException {
        Map<Long, List<ClickEvent>> byUser = new HashMap<>();
        try (var lines = Files.lines(day)) {
            lines.map(TaobaoCsv::parse).flatMap(Optional::stream).filter(e -> e.type() == EventType.CLICK)
                    .forEach(e -> byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e));
        }
        List<long[]> out = new ArrayList<>();
        byUser.keySet().stream().sorted().forEach(user -> {
            List<ClickEvent> views = byUser.get(user);
            views.sort(Comparator.comparingLong(ClickEvent::timestamp));
            for (int i = 1; i < views.size(); i++) {
                ClickEvent a = views.get(i - 1);
                ClickEvent b = views.get(i);
                if (a.itemId() != b.itemId() && known.contains(a.itemId())
                        && b.timestamp() - a.timestamp() < MAX_GAP_MS) {
                    out.add(new long[] {a.itemId(), b.itemId(), user});
                }
            }
        });
        return out;
    }

    private static Set<Long> items(Path train) throws IOException {
        Set<Long> out = new HashSet<>();
        try (var lines = Files.lines(train)) {
            lines.map(TaobaoCsv::parse).flatMap(Optional::stream).forEach(e -> out.add(e.itemId()));
        }
        return out;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                o.put("help", "");
            } else if (args[i].startsWith("--") && OPTIONS.contains(args[i].substring(2)) && i + 1 < args.length) {
                o.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument " + args[i] + " (--help lists the options)");
            }
        }
        for (String number : List.of("port", "pairs", "seed", "max-per-category")) {
            if (o.containsKey(number) && !o.get(number).matches("[0-9]{1,9}")) {
                throw new IllegalArgumentException("--" + number + " takes a whole number, not " + o.get(number));
            }
        }
        for (String w : (o.getOrDefault("weights", "0") + "," + o.getOrDefault("served-weight", "1")).split(",")) {
            if (!w.matches("[0-9]{1,2}(\\.[0-9]{1,3})?")) {
                throw new IllegalArgumentException("--weights and --served-weight take numbers 0..99, not " + w);
            }
        }
        if (Double.parseDouble(o.getOrDefault("served-weight", "1")) == 0) {
            throw new IllegalArgumentException("--served-weight 0: the answers hold no similarity to reweigh");
        }
        if (!List.of("anonymous", "own").contains(o.getOrDefault("users", "anonymous"))) {
            throw new IllegalArgumentException("--users is anonymous or own, not " + o.get("users"));
        }
        return o;
    }
}
