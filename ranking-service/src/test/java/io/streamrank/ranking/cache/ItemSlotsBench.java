package io.streamrank.ranking.cache;

import io.streamrank.ranking.BenchArgs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A benchmark, not a test ({@code bin/bench-lookups}): a request's batch of item lookups in {@link ItemSlots} with the
 * slots {@link ItemSlots#touch touched} first and without, in alternating blocks of the same run (ADR 74). Between
 * batches the benchmark walks a buffer larger than the processor's caches, as the rest of a request and the requests
 * on the other core do in the service, so that a batch finds its slots in memory, not in cache; {@code --evict-mib 0}
 * measures the opposite case. Only the lookups are timed.
 */
public final class ItemSlotsBench {

    private ItemSlotsBench() {
    }

    public static void main(String[] args) {
        Map<String, String> o = options(args);
        if (o == null) {
            return;
        }
        int items = Integer.parseInt(o.get("items"));
        int candidates = Integer.parseInt(o.get("candidates"));
        int batches = Integer.parseInt(o.get("batches"));
        int blocks = Integer.parseInt(o.get("blocks"));
        int hot = Integer.parseInt(o.get("hot"));
        int hotItems = Integer.parseInt(o.get("hot-items"));
        long[] evict = new long[Integer.parseInt(o.get("evict-mib")) << 17];
        ItemSlots slots = new ItemSlots(Duration.ofHours(1), Duration.ZERO, Long.parseLong(o.get("slots")),
                Tracking.OFF);
        Random random = new Random(17);
        long[] ids = new long[items];
        for (int i = 0; i < items; i++) {
            // Sparse ids, as the Taobao sample's (1 .. ~5 million).
            ids[i] = 1 + random.nextInt(5_000_000);
            slots.put(ids[i], 1 + i % 1000, i % 50, 0L, 1_764_700_000_000L, 0L);
        }
        System.out.printf("%,d items in %,d slots; %d lookups per batch (%d of them of the same %d items), %,d batches"
                        + " per block, %s between batches;"
                        + " %d blocks each way, alternating, after one warm-up block each%n", items,
                Long.highestOneBit(Math.max(8, Long.parseLong(o.get("slots"))) - 1) << 1, candidates, hot, hotItems,
                batches,
                evict.length == 0 ? "nothing walked" : o.get("evict-mib") + " MiB walked", blocks);
        double[][] medians = new double[2][blocks];
        long sink = 0;
        for (int b = 0; b <= blocks; b++) {
            for (int way = 0; way < 2; way++) {
                // Alternate which way runs first, so that a drift of the machine's load does not favour one.
                boolean touch = (way == 0) == (b % 2 == 0);
                double[] perBatch = new double[batches];
                int hits = 0;
                for (int n = 0; n < batches; n++) {
                    long[] batch = new long[candidates];
                    for (int i = 0; i < candidates; i++) {
                        // The first items stand for the popular ones every request retrieves.
                        batch[i] = ids[i < hot ? i % hotItems : random.nextInt(items)];
                    }
                    for (int i = 0; i < evict.length; i += 8) {
                        evict[i]++;
                    }
                    ItemFeatureColumns columns = new ItemFeatureColumns(candidates, false);
                    long start = System.nanoTime();
                    if (touch) {
                        slots.touch(batch);
                    }
                    for (int i = 0; i < candidates; i++) {
                        if (slots.read(batch[i], 1L, null, columns, i)) {
                            hits++;
                        }
                    }
                    perBatch[n] = (System.nanoTime() - start) / 1e3;
                    sink += columns.clicks1h(candidates - 1);
                }
                double median = BenchArgs.median(perBatch);
                if (b > 0) {
                    medians[touch ? 1 : 0][b - 1] = median;
                }
                System.out.printf("  block %d, %-9s: median %6.1f us per batch, %.1f %% hits%s%n", b,
                        touch ? "touched" : "untouched", median, 100.0 * hits / batches / candidates,
                        b == 0 ? " (warm-up)" : "");
            }
        }
        double untouched = BenchArgs.median(medians[0]);
        double touched = BenchArgs.median(medians[1]);
        System.out.printf("%nmedians of the blocks: untouched %.1f us, touched %.1f us per batch of %d lookups;"
                + " touched/untouched %.2f%n", untouched, touched, candidates, touched / untouched);
        if (sink == Long.MIN_VALUE) {
            System.out.println(sink);
        }
    }

    /** The options with their defaults, or {@code null} after printing the help. */
    private static Map<String, String> options(String[] args) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("items", "100000");
        defaults.put("slots", "500000");
        defaults.put("candidates", "500");
        defaults.put("batches", "2000");
        defaults.put("blocks", "5");
        defaults.put("evict-mib", "64");
        defaults.put("hot", "0");
        defaults.put("hot-items", "400");
        return BenchArgs.parse(args, defaults, """
                        Usage: bin/bench-lookups [--items 100000] [--slots 500000] [--candidates 500] [--batches 2000]
                                                 [--blocks 5] [--evict-mib 64] [--hot 0] [--hot-items 400]

                        A request's batch of lookups in the service's item slots (ItemSlots, the item values' and the
                        catalog's caches) with the batch's slots loaded ahead first (ItemSlots.touch) and without, in
                        alternating blocks of the same run. Prints the median time per batch, per block and as
                        medians of the blocks, with the ratio.

                          --items       items put in the slots (default 100000, about the benchmark's catalog)
                          --slots       slots (default 500000, the service's default; rounded up to a power of two)
                          --candidates  lookups per batch (default 500, the service's default candidate count)
                          --batches     batches per block (default 2000)
                          --blocks      measured blocks each way, after one warm-up block each (default 5)
                          --evict-mib   MiB walked between batches so that their slots are not in cache (default 64;
                                        0: none, the slots of the most used items stay in cache)
                          --hot         lookups per batch of the same --hot-items items in every batch, as the
                                        popular items every request retrieves (default 0: all drawn at random)
                          --hot-items   how many items those are (default 400)""");
    }
}
