package io.streamrank.bench;

import io.streamrank.registry.cli.Home;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bin/eval-home-pages}' options, checked as {@link EvalOptions}' are: an unknown option or a malformed or
 * out-of-range number is refused with a message naming it.
 *
 * @param candidates     candidates per page ({@code candidateCount}); up to 200 every one is answered, so that the
 *                       order without the new-item boost is exact; above, the best 200
 * @param maxPerCategory the service's {@code rules.max-per-category}, 0: no cap
 * @param capWindow      the service's {@code rules.category-cap-window}, 0: the whole page
 * @param batch          fresh users clicking at once: their clicks go in one post, then their pages are asked until
 *                       each shows its click
 * @param waitMs         how long a user's pages are asked for before their click counts as not shown
 * @param skipRows       pairs only from the day's events after these (as {@link EvalOptions#skipRows()})
 * @param popularityWeight  the service's {@code rules.category-page-popularity-weight}: what the explained
 *                          {@code category_popularity} deltas were computed with
 * @param popularityWeights other weights the category page after the click is recomputed with (ADR 94)
 * @param usedStack      whether to evaluate a service that accepted event posts before the run: its counts hold those
 *                       clicks (an earlier run's, or a shopper's), so its figures are not a clean evaluation
 */
record HomeEvalOptions(boolean help, int port, String token, Path data, String day, String train, int pairs, long seed,
                       int candidates, int maxPerCategory, int capWindow, int batch, long waitMs, long skipRows,
                       boolean usedStack, double popularityWeight, List<Double> popularityWeights) {

    static final String HELP = """
            Usage: bin/eval-home-pages [--option value ...]

            Evaluates the home pages of a running ranking service (e.g. bin/streamrank-local) after one click, the
            product's promise: for pairs (A, B) of a shopper's consecutive views in --day (A in --train, at most
            30 min apart), a fresh anonymous user's home page is asked, the user's click on A is posted
            (POST /v1/events, so it needs the service's --token), and the user's home page is asked again until it
            shows the click (retrieved from the user's recent items or their neighbours). It prints how long the
            click took to show, and how often B ranks in the top 10 and 50 of: the home page before the click, the
            home page that first showed it (as served, and recomputed from the same answer without the new-item
            boost or with the category cap counted in the whole page), the product page of A asked right after, and
            the category page of B's category before the click and after it (as served and recomputed without the
            category_popularity rule; with how often a random order of its answer would hit: a small category's
            page holds B whatever its order).
            Pairs are asked in the order of A's views, a replay of those clicks: a pair's B may have been clicked
            by an earlier pair (printed apart). Each click stays in the stack's counts for an hour (trending,
            popularity, item features), so only a run against a freshly started stack is clean; run it against a
            demo stack, not a shop's. The
            service must not drop items it showed (streamrank.rules.drop-shown=false, as bin/streamrank-local sets
            it): each user's pages are asked several times, and the run stops at the first answer that dropped any.
            Pages are recomputed with the service's category-cap-backfill on (its default). First it prints the
            embedding sources' reach, as bin/eval-product-pages does.

            Options:
              --port       the service's HTTP port (default 8080)
              --token      API bearer token (needed to post the clicks when the service has one)
              --data       folder of the Taobao samples (default: the checkout's ../shared/data/taobao-userbehavior)
              --day        file of the views (default UserBehavior.time-slice-20171126.csv)
              --train      file the served model was trained on (default UserBehavior.head-by-user.csv)
              --pairs      pairs to ask (default 1000), drawn with --seed (default 11)
              --candidates candidates per page, 1..1000 (default 200): up to 200 all of them are answered
              --max-per-category  the service's rules.max-per-category (default 4; 0: no cap)
              --cap-window the service's rules.category-cap-window (default 10; 0: the whole page)
              --batch      users clicking at once, 1..1000 (default 20): more is faster, but each user's pages are
                           asked less often, so the time a click took to show is known less exactly
              --wait-ms    how long to ask a user's pages for their click, 100..120000 (default 10000)
              --skip-rows  pairs only from the day's events after the first N (default 0); with a stack started with
                           bin/streamrank-local --replay-limit N, a held-out evaluation (see bin/eval-product-pages)
              --popularity-weight  the service's rules.category-page-popularity-weight, 0.001..10 (default 0.5)
              --popularity-weights other weights to recompute the category page after the click with, 0..10
                           (default 0.25,1,2)
              --used-stack true: evaluate a service that accepted event posts (POST /v1/events) before this run,
                           or one whose /actuator/prometheus does not answer on its port; by default the run stops,
                           since posted clicks stay in the stack's counts for an hour (default false). The count is of
                           posts answered 202 since the service started: it misses a service restarted on the same
                           stack, and a post answered 503 after some of its events were stored""";

    private static final Set<String> NAMES = Set.of("port", "token", "data", "day", "train", "pairs", "seed",
            "candidates", "max-per-category", "cap-window", "batch", "wait-ms", "skip-rows", "used-stack",
            "popularity-weight", "popularity-weights");

    static HomeEvalOptions parse(String[] args) {
        Map<String, String> o = EvalOptions.values(args, NAMES);
        boolean help = o.containsKey("help");
        Path data = Path.of(o.containsKey("data") ? o.get("data") : Home.resolve("../shared/data/taobao-userbehavior"));
        return new HomeEvalOptions(help, (int) EvalOptions.whole(o, "port", 8080, 1, 65_535), o.get("token"), data,
                o.getOrDefault("day", "UserBehavior.time-slice-20171126.csv"),
                o.getOrDefault("train", "UserBehavior.head-by-user.csv"),
                (int) EvalOptions.whole(o, "pairs", 1000, 1, 1_000_000), EvalOptions.whole(o, "seed", 11, 0,
                Long.MAX_VALUE), (int) EvalOptions.whole(o, "candidates", 200, 1, 1000),
                (int) EvalOptions.whole(o, "max-per-category", 4, 0, 200),
                (int) EvalOptions.whole(o, "cap-window", 10, 0, 200),
                (int) EvalOptions.whole(o, "batch", 20, 1, 1000), EvalOptions.whole(o, "wait-ms", 10_000, 100, 120_000),
                EvalOptions.whole(o, "skip-rows", 0, 0, Long.MAX_VALUE), flag(o, "used-stack"),
                EvalOptions.number("popularity-weight", o.getOrDefault("popularity-weight", "0.5"), 0.001, 10),
                EvalOptions.numbers("popularity-weights", o.getOrDefault("popularity-weights", "0.25,1,2"), 0, 10));
    }

    private static boolean flag(Map<String, String> o, String name) {
        String v = o.getOrDefault(name, "false");
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("--" + name + " is true or false, not " + v);
        }
        return v.equals("true");
    }
}
