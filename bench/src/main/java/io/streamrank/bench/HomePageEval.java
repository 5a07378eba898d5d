package io.streamrank.bench;

import io.streamrank.bench.ExplainedPages.Item;
import io.streamrank.bench.ExplainedPages.Order;
import io.streamrank.bench.ExplainedPages.Page;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Home pages after one click, against a running service: for pairs (A, B) of a shopper's consecutive views
 * ({@link ViewPairs}), a fresh user's home page, their click on A posted, their home page asked until it shows the
 * click, and the product page of A; how long the click took to show, and where B ranks on each page
 * ({@link HomeTally}). Not a test: it prints the figures.
 */
final class HomePageEval {

    /** The orders of a page: as served, without the new-item boost, and with the cap over the whole page. */
    static final Order SERVED = new Order("as served", Item::score);
    static final Order UNBOOSTED = new Order("without new_item_boost", i -> i.score() - i.boost());
    static final Order WHOLE_PAGE_CAP = new Order("category cap over the whole page", Item::score, true);
    static final Order UNPOPULAR = new Order("without category_popularity", i -> i.score() - i.popularity());

    /** One pair's fresh user: the pages asked around their click, and when the click showed. */
    static final class Visit {
        final long user;
        final long a;
        final long b;
        final long category;
        final long bCategory;
        Page before;
        Page after;
        Page product;
        /** The category page of B's category, before the click and once it showed (asked after the product page). */
        Page categoryBefore;
        Page categoryAfter;
        /** Whether an earlier click of this run, or one in the same post, was on B (another pair's A). */
        boolean bClicked;
        /** Since the click's post: when the first page showing it was asked, and the last page not showing it. */
        double shownMs = -1;
        double notYetMs;

        Visit(long user, long[] pair) {
            this.user = user;
            this.a = pair[0];
            this.b = pair[1];
            this.category = pair[3];
            this.bCategory = pair[5];
        }
    }

    private HomePageEval() {
    }

    public static void main(String[] args) throws Exception {
        HomeEvalOptions o;
        try {
            o = HomeEvalOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (o.help()) {
            System.out.println(HomeEvalOptions.HELP);
            return;
        }
        List<long[]> pairs = ViewPairs.of(o.data().resolve(o.day()),
                BenchData.itemCategories(o.data().resolve(o.train())).keySet(), o.skipRows());
        Collections.shuffle(pairs, new Random(o.seed()));
        pairs = new ArrayList<>(pairs.subList(0, Math.min(o.pairs(), pairs.size())));
        // Asked in the order of A's views, as a replay: each click posted raises its item's counts (trending,
        // popularity, the model's item features), so B of a pair asked after another pair's click on it would be
        // helped by a view from its own future. In this order, and with rounds that end before a pair whose A is the B
        // of one in them, a pair only sees clicks that came before its own.
        pairs.sort(Comparator.comparingLong(p -> p[4]));
        // Fresh ids each run: a user with clicks from an earlier run would not be one click old.
        long anonymous = 1_000_000_000L * (2 + ThreadLocalRandom.current().nextInt(1_000));
        System.out.printf("%d pairs of consecutive views in the order of A's views; home pages of port %d with %d "
                + "candidates, of fresh users from id %d before and after one click on A, up to %d users at once%n",
                pairs.size(), o.port(), o.candidates(), anonymous, o.batch());
        ServiceClient service = new ServiceClient(o.port(), o.token());
        StackState stack = StackState.of(service);
        if (!stack.clean() && !o.usedStack()) {
            System.err.println(stack.refusal());
            System.exit(3);
        }
        System.out.println(stack.line());
        System.out.println(RetrievalReach.line(pairs, service.servedVersion(anonymous - 1)));
        List<Visit> visits = new ArrayList<>();
        Set<Long> clicked = new HashSet<>();
        for (List<long[]> pairsOfRound : rounds(pairs, o.batch())) {
            List<Visit> round = new ArrayList<>();
            for (long[] pair : pairsOfRound) {
                Visit v = new Visit(anonymous + visits.size() + round.size(), pair);
                v.bClicked = clicked.contains(v.b);
                clicked.add(v.a);
                round.add(v);
            }
            round(service, o, round);
            visits.addAll(round);
            if (visits.size() / 200 > (visits.size() - round.size()) / 200) {
                System.out.printf("  %d users clicked%n", visits.size());
            }
        }
        HomeTally.print(visits, o.maxPerCategory(), o.capWindow(), o.waitMs(), o.popularityWeight(),
                o.popularityWeights());
    }

    /**
     * The pairs, in their order, in rounds of at most {@code batch} whose clicks are posted together. A round ends
     * before a pair whose A is the B of a pair in it: that pair's pages would be asked after a click from its future.
     */
    static List<List<long[]>> rounds(List<long[]> pairs, int batch) {
        List<List<long[]>> out = new ArrayList<>();
        List<long[]> round = new ArrayList<>();
        Set<Long> bs = new HashSet<>();
        for (long[] pair : pairs) {
            if (round.size() == batch || bs.contains(pair[0])) {
                out.add(round);
                round = new ArrayList<>();
                bs = new HashSet<>();
            }
            round.add(pair);
            bs.add(pair[1]);
        }
        if (!round.isEmpty()) {
            out.add(round);
        }
        return out;
    }

    private static void round(ServiceClient service, HomeEvalOptions o, List<Visit> round) throws Exception {
        for (Visit v : round) {
            v.before = UserPages.home(service, o, v.user);
            v.categoryBefore = UserPages.category(service, o, v.user, v.bCategory);
        }
        long now = System.currentTimeMillis();
        List<Map<String, Object>> clicks = new ArrayList<>();
        for (Visit v : round) {
            Map<String, Object> click = new LinkedHashMap<>();
            click.put("eventId", "eval-home-" + v.user + "-" + now);
            click.put("userId", v.user);
            click.put("itemId", v.a);
            click.put("categoryId", v.category);
            click.put("type", "click");
            click.put("timestamp", now);
            clicks.add(click);
        }
        long posted = System.nanoTime();
        service.post(clicks);
        List<Visit> pending = new ArrayList<>(round);
        while (!pending.isEmpty() && System.nanoTime() - posted < o.waitMs() * 1_000_000L) {
            for (Iterator<Visit> it = pending.iterator(); it.hasNext(); ) {
                Visit v = it.next();
                double asked = (System.nanoTime() - posted) / 1e6;
                Page page = UserPages.home(service, o, v.user);
                if (UserPages.shows(page)) {
                    v.after = page;
                    v.shownMs = asked;
                    it.remove();
                } else {
                    v.notYetMs = asked;
                }
            }
            if (!pending.isEmpty()) {
                Thread.sleep(10);
            }
        }
        for (Visit v : round) {
            v.product = v.after == null ? null : UserPages.product(service, o, v.user, v.a);
            v.categoryAfter = v.after == null ? null : UserPages.category(service, o, v.user, v.bCategory);
        }
    }
}
