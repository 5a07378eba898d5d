package io.streamrank.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToDoubleFunction;

/**
 * Next-view evaluation of product pages against a running service (ADR 91): pairs (A, B) of a shopper's consecutive
 * views in a recorded day ({@link ViewPairs}); the product page of A with every candidate answered
 * ({@code explain=true}); where B ranks under orders recomputed from the same answers: as served, with the items
 * without an embedding unmoved (ADR 89 before ADR 91), and with other weights of the {@code context_similarity} rule
 * (0: none). Each top-K is taken with the per-category cap. Not a test: it prints hit rates, and the pairs an order
 * hits and the served one misses and the other way round.
 */
final class ProductPageEval {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] KS = {10, 50};

    /** One answer's item: its final score, category and what the context rule added (all, and by its category). */
    record Item(long id, double score, long category, double context, double byCategory) {
    }

    /**
     * An answer: its items, whether it is degraded, and whether the context rule moved any of them (not when the
     * served version has no embedding of the page's item).
     */
    record Page(List<Item> items, boolean degraded, boolean moved) {
    }

    /** An order of a page: the score it sorts by. */
    record Order(String name, ToDoubleFunction<Item> score) {
    }

    private ProductPageEval() {
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

    public static void main(String[] args) throws Exception {
        EvalOptions o;
        try {
            o = EvalOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (o.help()) {
            System.out.println(EvalOptions.HELP);
            return;
        }
        List<long[]> pairs = ViewPairs.of(o.data().resolve(o.day()),
                BenchData.itemCategories(o.data().resolve(o.train())).keySet(),
                o.skipRows());
        Collections.shuffle(pairs, new Random(o.seed()));
        if (o.own()) {
            pairs = ViewPairs.onePerUser(pairs);
        }
        pairs = pairs.subList(0, Math.min(o.pairs(), pairs.size()));
        // Fresh anonymous ids each run: a service that drops what it showed would otherwise hide a run's pages from
        // the next one's.
        long anonymous = 1_000_000_000L * (2 + ThreadLocalRandom.current().nextInt(1_000));
        System.out.printf("%d pairs of consecutive views, %s, product pages of port %d with %d candidates%n",
                pairs.size(), o.own() ? "asked as their shoppers" : "anonymous users from id " + anonymous,
                o.port(), o.candidates());

        HttpClient http = HttpClient.newHttpClient();
        List<Order> orders = orders(o.servedWeight(), o.weights());
        int[][] hits = new int[orders.size()][KS.length];
        int[][][] only = new int[orders.size()][KS.length][2];
        int asked = 0;
        int returned = 0;
        int degraded = 0;
        int unmoved = 0;
        for (int p = 0; p < pairs.size(); p++) {
            long b = pairs.get(p)[1];
            Page page = page(http, o, o.own() ? pairs.get(p)[2] : anonymous + p, pairs.get(p)[0]);
            if (page.degraded() || !page.moved()) {
                degraded += page.degraded() ? 1 : 0;
                unmoved += page.degraded() ? 0 : 1;
                continue;
            }
            asked++;
            returned += page.items().stream().anyMatch(i -> i.id() == b) ? 1 : 0;
            // B's place in each order's top 50, once: a capped top 10 is the first ten of the capped top 50.
            int[] place = new int[orders.size()];
            for (int r = 0; r < orders.size(); r++) {
                place[r] = top(page.items(), orders.get(r), KS[KS.length - 1], o.maxPerCategory()).indexOf(b);
            }
            for (int k = 0; k < KS.length; k++) {
                boolean served = place[0] >= 0 && place[0] < KS[k];
                for (int r = 0; r < orders.size(); r++) {
                    boolean hit = place[r] >= 0 && place[r] < KS[k];
                    hits[r][k] += hit ? 1 : 0;
                    only[r][k][0] += served && !hit ? 1 : 0;
                    only[r][k][1] += hit && !served ? 1 : 0;
                }
            }
            if ((p + 1) % 1000 == 0) {
                System.out.printf("  %d pages asked%n", p + 1);
            }
        }
        System.out.printf("%d pages counted (left out: %d degraded, %d where the rule moved nothing: the served "
                + "version has no embedding of A); B among the answered candidates%s of %d%n", asked, degraded,
                unmoved, o.candidates() > 200 ? " (the served top 200)" : "", returned);
        for (int r = 0; r < orders.size() && asked > 0; r++) {
            StringBuilder line = new StringBuilder(String.format("%-52s", orders.get(r).name()));
            for (int k = 0; k < KS.length; k++) {
                line.append(String.format("  hit@%d %4d (%.2f %%)", KS[k], hits[r][k], 100.0 * hits[r][k] / asked));
                if (r > 0) {
                    line.append(String.format(" [served only %d, this only %d]", only[r][k][0], only[r][k][1]));
                }
            }
            System.out.println(line);
        }
    }

    /** The page's top {@code k} by the order's score, at most {@code cap} per known category (0: no cap). */
    static List<Long> top(List<Item> page, Order order, int k, int cap) {
        List<Item> sorted = new ArrayList<>(page);
        sorted.sort(Comparator.comparingDouble(order.score()).reversed());
        Map<Long, Integer> perCategory = new HashMap<>();
        List<Long> out = new ArrayList<>(k);
        for (Item i : sorted) {
            if (out.size() == k) {
                break;
            }
            if (cap > 0 && i.category() != 0 && perCategory.merge(i.category(), 1, Integer::sum) > cap) {
                continue;
            }
            out.add(i.id());
        }
        return out;
    }

    /** An explained answer. */
    static Page page(JsonNode answer) {
        List<Item> out = new ArrayList<>();
        boolean moved = false;
        for (JsonNode item : answer.get("items")) {
            JsonNode why = item.path("explanation");
            double context = 0;
            double byCategory = 0;
            for (JsonNode a : why.path("adjustments")) {
                if (a.get("rule").asText().equals("context_similarity")) {
                    moved = true;
                    context += a.get("delta").asDouble();
                    byCategory += a.get("note").asText().startsWith("no embedding") ? a.get("delta").asDouble() : 0;
                }
            }
            out.add(new Item(item.get("itemId").asLong(), item.get("score").asDouble(), why.path("categoryId").asLong(),
                    context, byCategory));
        }
        return new Page(out, answer.path("degraded").asBoolean(), moved);
    }

    private static Page page(HttpClient http, EvalOptions o, long user, long item) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + o.port()
                + "/v1/recommendations?userId=" + user + "&contextItemId=" + item + "&candidateCount="
                + o.candidates() + "&k=" + Math.min(o.candidates(), 200) + "&explain=true"));
        if (o.token() != null) {
            request.header("Authorization", "Bearer " + o.token());
        }
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode() + " for the product page of " + item + ": "
                    + r.body());
        }
        return page(JSON.readTree(r.body()));
    }
}
