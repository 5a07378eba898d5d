package io.streamrank.bench;

import io.streamrank.registry.cli.Home;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bin/eval-product-pages}' options, checked: an unknown option, a malformed number or weight and an unknown
 * user kind are refused with a message naming them.
 *
 * @param candidates   candidates per page ({@code candidateCount}); up to 200 every one is answered ({@code k} =
 *                     candidates), so that the orders recomputed from the answers are exact; above, the best 200
 * @param own          ask as the shopper of each pair (one pair per shopper) instead of anonymous users
 * @param maxPerCategory the service's {@code rules.max-per-category}, 0: no cap
 * @param capWindow    the service's {@code rules.category-cap-window}, 0: the whole page
 * @param skipRows     pairs only from the day's events after these (those a stack replayed with
 *                     {@code --replay-limit}): then no feature or list the service reads was built from the pairs
 *                     asked about
 */
record EvalOptions(boolean help, int port, String token, Path data, String day, String train, int pairs, long seed,
                   boolean own, int maxPerCategory, int capWindow, double servedWeight, List<Double> weights,
                   int candidates, long skipRows) {

    static final String HELP = """
            Usage: bin/eval-product-pages [--option value ...]

            Evaluates product pages of a running ranking service (e.g. bin/streamrank-local) by next views: for
            pairs (A, B) of a shopper's consecutive views in --day (A in --train, at most 30 min apart), where B
            ranks in the top 10 and 50 of the product page of A, as served and with the context_similarity rule's
            parts taken out or reweighed or the category cap counted in the whole page, recomputed from the same
            answers. Anonymous users (default; fresh ids each
            run) have no features of their own, so B cannot come from the shopper's own later clicks; --users own
            asks as the shopper (one pair each), whose features hold what the stack replayed (with the whole day,
            B included). Against a service
            that drops items it showed (rules.drop-shown, on by default; off in bin/streamrank-local), a shopper's
            earlier pages hide items from their later ones. First it prints the embedding sources' reach: in how
            many pairs B has an embedding in the served version, and is among A's nearest 100, 200 and 500 items
            (exact cosine, from the checkout's .streamrank/models; the session source asks the HNSW index for A's
            100); any other B can only come from the lists (co-visitation, trending, new and popular items).

            Options:
              --port       the service's HTTP port (default 8080)
              --token      API bearer token, if the service needs one
              --data       folder of the Taobao samples (default: the checkout's ../shared/data/taobao-userbehavior)
              --day        file of the views (default UserBehavior.time-slice-20171126.csv)
              --train      file the served model was trained on (default UserBehavior.head-by-user.csv)
              --pairs      pairs to ask (default 4000), drawn with --seed (default 11)
              --users      anonymous | own (default anonymous)
              --candidates candidates per page, 1..1000 (default 200): up to 200 all of them are answered; above,
                           the best 200 only, and the orders other than the served one are recomputed from those
              --max-per-category  the service's rules.max-per-category (default 4; 0: no cap)
              --cap-window the service's rules.category-cap-window (default 10; 0: the whole page)
              --served-weight     the service's rules.context-similarity-weight, 0.001..10 (default 1.0)
              --weights    other weights to recompute the pages with, 0..10 (default 0,0.5,2,4; 0: no rule)
              --skip-rows  pairs only from the day's events after the first N (rows that parse, as --replay-limit
                           counts them; default 0). A stack that replayed the whole day built its co-visitation lists
                           from the very pairs asked about, so B is a candidate of nearly every page; started with
                           --replay-limit N, no feature or list it reads was built from them (its demo catalog still
                           lists every item of the day): a held-out evaluation""";

    private static final Set<String> NAMES = Set.of("port", "token", "data", "day", "train", "pairs", "seed",
            "users", "max-per-category", "cap-window", "weights", "served-weight", "candidates", "skip-rows");

    static EvalOptions parse(String[] args) {
        Map<String, String> o = values(args, NAMES);
        boolean help = o.containsKey("help");
        String users = o.getOrDefault("users", "anonymous");
        if (!users.equals("anonymous") && !users.equals("own")) {
            throw new IllegalArgumentException("--users is anonymous or own, not " + users);
        }
        // The default is beside the checkout, as bin/streamrank-local's; a given path is the caller's.
        Path data = Path.of(o.containsKey("data") ? o.get("data") : Home.resolve("../shared/data/taobao-userbehavior"));
        return new EvalOptions(help, (int) whole(o, "port", 8080, 1, 65_535), o.get("token"), data,
                o.getOrDefault("day", "UserBehavior.time-slice-20171126.csv"),
                o.getOrDefault("train", "UserBehavior.head-by-user.csv"), (int) whole(o, "pairs", 4000, 1, 1_000_000),
                whole(o, "seed", 11, 0, Long.MAX_VALUE), users.equals("own"),
                (int) whole(o, "max-per-category", 4, 0, 200), (int) whole(o, "cap-window", 10, 0, 200),
                number("served-weight", o.getOrDefault("served-weight", "1.0"), 0.001, 10),
                numbers("weights", o.getOrDefault("weights", "0,0.5,2,4"), 0, 10),
                (int) whole(o, "candidates", 200, 1, 1000), whole(o, "skip-rows", 0, 0, Long.MAX_VALUE));
    }

    /**
     * The {@code --name value} pairs of the arguments, each name one of {@code names}, and {@code help} for
     * {@code --help} or {@code -h}; anything else is refused.
     */
    static Map<String, String> values(String[] args, Set<String> names) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                o.put("help", "true");
            } else if (args[i].startsWith("--") && names.contains(args[i].substring(2)) && i + 1 < args.length) {
                o.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument " + args[i] + " (--help lists the options)");
            }
        }
        return o;
    }

    static long whole(Map<String, String> o, String name, long otherwise, long min, long max) {
        String v = o.get(name);
        if (v == null) {
            return otherwise;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("--" + name + " takes a whole number " + min + ".." + max + ", not " + v);
    }

    /** A comma-separated list of numbers, each checked as {@link #number} checks one. */
    static List<Double> numbers(String name, String list, double min, double max) {
        List<Double> out = new ArrayList<>();
        for (String v : list.split(",")) {
            out.add(number(name, v, min, max));
        }
        return List.copyOf(out);
    }

    static double number(String name, String v, double min, double max) {
        try {
            double n = Double.parseDouble(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("--" + name + " takes numbers " + min + ".." + max + ", not " + v);
    }
}
