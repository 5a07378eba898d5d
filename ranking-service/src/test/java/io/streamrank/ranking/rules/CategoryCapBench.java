package io.streamrank.ranking.rules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamrank.ranking.BenchArgs;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A benchmark, not a test ({@code bin/bench-selection}): the top-K selection of a page ({@link CategoryCap#select})
 * over one request's scored candidates, three ways in alternating blocks of the same run: no cap (the score order
 * alone, the baseline), the cap over the whole page (as before ADR 93) and the cap in a window sliding down the page
 * (ADR 93's default of 10). Pages of {@code k} ≤ the window run the whole-page code either way, so the sliding way
 * differs from the whole-page one only for longer pages. Only {@code select} is timed.
 */
public final class CategoryCapBench {

    private static final String[] WAYS = {"no cap", "whole page", "sliding"};

    private CategoryCapBench() {
    }

    public static void main(String[] args) {
        Map<String, String> o = options(args);
        if (o == null) {
            return;
        }
        int candidates = Integer.parseInt(o.get("candidates"));
        int crowded = Integer.parseInt(o.get("crowded"));
        int pages = Integer.parseInt(o.get("pages"));
        int blocks = Integer.parseInt(o.get("blocks"));
        int cap = Integer.parseInt(o.get("max-per-category"));
        int window = Integer.parseInt(o.get("window"));
        int[] ks = Arrays.stream(o.get("k").split(",")).mapToInt(Integer::parseInt).toArray();
        if (crowded > candidates || cap < 1 || window <= cap) {
            throw new IllegalArgumentException("--crowded at most --candidates, --max-per-category at least 1 and "
                    + "--window longer than it");
        }
        Counter heldBack = Counter.builder("held_back").register(new SimpleMeterRegistry());
        CategoryCap[] caps = {new CategoryCap(0, window, true, heldBack), new CategoryCap(cap, 0, true, heldBack),
                new CategoryCap(cap, window, true, heldBack)};
        Random random = new Random(17);
        // A pool of requests drawn once: scores at random; the first --crowded candidates in 3 categories (a page after
        // a click on one, as the held-out evaluation saw), the others spread over 200.
        int pool = 64;
        double[][] scores = new double[pool][candidates];
        long[][] categories = new long[pool][candidates];
        for (int r = 0; r < pool; r++) {
            for (int i = 0; i < candidates; i++) {
                scores[r][i] = random.nextGaussian();
                categories[r][i] = i < crowded ? 1 + random.nextInt(3) : 10 + random.nextInt(200);
            }
        }
        System.out.printf("%d candidates per page (%d of them in 3 categories), cap %d per category, window %d; k = %s;"
                + " %,d pages per block, %d blocks each way and k, alternating, after a warm-up of all and one block"
                + " each%n",
                candidates, crowded, cap, window, o.get("k"), pages, blocks);
        long sink = 0;
        // Every way at every k once before any is measured: the JIT compiles the sliding path at the longer pages,
        // and its compilations would otherwise run during the first page length's blocks.
        for (int k : ks) {
            for (CategoryCap c : caps) {
                for (int n = 0; n < pages; n++) {
                    sink += c.select(scores[n % pool], categories[n % pool], k).order().length;
                }
            }
        }
        for (int k : ks) {
            double[][] medians = new double[WAYS.length][blocks];
            for (int b = 0; b <= blocks; b++) {
                for (int w = 0; w < WAYS.length; w++) {
                    // Rotate which way runs first, so that a drift of the machine's load does not favour one.
                    int way = (w + b) % WAYS.length;
                    double[] perPage = new double[pages];
                    for (int n = 0; n < pages; n++) {
                        int r = n % pool;
                        long start = System.nanoTime();
                        CategoryCap.Selection s = caps[way].select(scores[r], categories[r], k);
                        perPage[n] = (System.nanoTime() - start) / 1e3;
                        sink += s.order()[s.order().length - 1];
                    }
                    if (b > 0) {
                        medians[way][b - 1] = BenchArgs.median(perPage);
                    }
                }
            }
            double none = BenchArgs.median(medians[0]);
            double whole = BenchArgs.median(medians[1]);
            double sliding = BenchArgs.median(medians[2]);
            System.out.printf("k = %3d: medians of the blocks' medians per page: no cap %.2f us, whole page %.2f us, "
                    + "sliding %.2f us; sliding/whole page %.2f, whole page/no cap %.2f%n", k, none, whole, sliding,
                    sliding / whole, whole / none);
        }
        if (sink == Long.MIN_VALUE) {
            System.out.println(sink);
        }
    }

    /** The options with their defaults, or {@code null} after printing the help. */
    private static Map<String, String> options(String[] args) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("candidates", "500");
        defaults.put("crowded", "150");
        defaults.put("k", "10,50,200");
        defaults.put("max-per-category", "4");
        defaults.put("window", "10");
        defaults.put("pages", "20000");
        defaults.put("blocks", "6");
        return BenchArgs.parse(args, defaults, """
                        Usage: bin/bench-selection [--candidates 500] [--crowded 150] [--k 10,50,200]
                                                   [--max-per-category 4] [--window 10] [--pages 20000] [--blocks 6]

                        A page's top-K selection over one request's scored candidates (CategoryCap.select), with no
                        cap (the baseline), the per-category cap over the whole page, and the cap in a window sliding
                        down the page (ADR 93), in alternating blocks of the same run. Prints, for each k, the medians
                        of the blocks' median time per page and their ratios.

                          --candidates        scored candidates per page (default 500, the service's default)
                          --crowded           of them in 3 categories, as after a click on one (default 150)
                          --k                 page lengths (default 10,50,200; 10: the window's length, so the sliding
                                              way runs the whole-page code)
                          --max-per-category  the cap (default 4, the service's)
                          --window            the sliding window (default 10, the service's), longer than the cap
                          --pages             pages per block (default 20000)
                          --blocks            measured blocks each way, after one warm-up block each (default 6:
                                              each way runs first in two of them)""");
    }
}
