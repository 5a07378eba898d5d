package io.streamrank.bench;

import io.streamrank.bench.ExplainedPages.Item;
import io.streamrank.bench.ExplainedPages.Order;
import io.streamrank.bench.ExplainedPages.Page;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Next-view evaluation of product pages against a running service (ADR 91): pairs (A, B) of a shopper's consecutive
 * views in a recorded day ({@link ViewPairs}); the product page of A with every candidate answered
 * ({@code explain=true}); where B ranks under orders recomputed from the same answers: as served, with the items
 * without an embedding unmoved (ADR 89 before ADR 91), and with other weights of the {@code context_similarity} rule
 * (0: none). Each top-K is taken with the per-category cap. Not a test: it prints hit rates, and the pairs an order
 * hits and the served one misses and the other way round.
 */
final class ProductPageEval {

    private static final int[] KS = {10, 50};

    private ProductPageEval() {
    }

    /**
     * As served, with the items without an embedding unmoved, and with the rule's weight {@code w} instead of the
     * served one for each of {@code weights} (0: no rule); last, as served with the category cap counted in the whole
     * page.
     */
    static List<Order> orders(double servedWeight, List<Double> weights) {
        List<Order> out = new ArrayList<>(List.of(new Order("as served", Item::score),
                new Order("items without an embedding unmoved (before ADR 91)", i -> i.score() - i.byCategory())));
        for (double w : weights) {
            out.add(new Order(w == 0 ? "no context_similarity (before ADR 89)" : "context-similarity-weight " + w,
                    i -> i.score() - i.context() + w / servedWeight * i.context()));
        }
        out.add(new Order("category cap over the whole page (before ADR 93)", Item::score, true));
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

        ServiceClient service = new ServiceClient(o.port(), o.token());
        // Said, not refused as bin/eval-home-pages refuses: this run posts nothing, and the figures of a used stack
        // are still figures, only not held out from those clicks.
        System.out.println(StackState.of(service).line());
        System.out.println(RetrievalReach.line(pairs, service.servedVersion(anonymous - 1)));
        List<Order> orders = orders(o.servedWeight(), o.weights());
        int[][] hits = new int[orders.size()][KS.length];
        int[][][] only = new int[orders.size()][KS.length][2];
        int asked = 0;
        int returned = 0;
        int degraded = 0;
        int unmoved = 0;
        for (int p = 0; p < pairs.size(); p++) {
            long b = pairs.get(p)[1];
            Page page = page(service, o, o.own() ? pairs.get(p)[2] : anonymous + p, pairs.get(p)[0]);
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
                place[r] = ExplainedPages.top(page.items(), orders.get(r), KS[KS.length - 1], o.maxPerCategory(),
                        o.capWindow()).indexOf(b);
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

    private static Page page(ServiceClient service, EvalOptions o, long user, long item) throws Exception {
        return ExplainedPages.page(service.recommendations("userId=" + user + "&contextItemId=" + item
                + "&candidateCount=" + o.candidates() + "&k=" + Math.min(o.candidates(), 200) + "&explain=true"));
    }
}
