package io.streamrank.ranking.ann;

import io.streamrank.contract.model.ItemEmbeddings;
import io.streamrank.contract.model.ItemGraph;
import io.streamrank.contract.model.ItemVectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.ranking.TestEmbeddings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HnswIndexTest {

    @TempDir
    Path dir;

    @Test
    void neighboursOfAnItemAreItemsOfItsCategory() throws IOException {
        ItemEmbeddings e = ItemEmbeddings.read(TestEmbeddings.write(dir.resolve("e.bin"),
                LongStream.rangeClosed(1, 20).boxed().toList(), 50, 16, 7));
        HnswIndex index = HnswIndex.build(e);
        assertThat(index.size()).isEqualTo(1000);
        long[] near = index.search(e.vector(5_003L), 20);
        assertThat(near).hasSize(20).contains(5_003L);
        assertThat(Arrays.stream(near).filter(id -> id / 1000 == 5).count()).isEqualTo(20);
    }

    @Test
    void approximateSearchFindsMostOfTheExactNearestNeighbours() throws IOException {
        ItemEmbeddings e = ItemEmbeddings.read(TestEmbeddings.write(dir.resolve("e.bin"),
                LongStream.rangeClosed(1, 40).boxed().toList(), 100, 24, 11));
        HnswIndex index = HnswIndex.build(e);
        assertThat(recallAt10(e, index)).as("recall@10 against brute force").isGreaterThan(0.9);
    }

    @Test
    void aGraphLinkedByThreeThreadsFindsMostOfTheExactNearestNeighbours() throws IOException {
        ItemEmbeddings e = ItemEmbeddings.read(TestEmbeddings.write(dir.resolve("e.bin"),
                LongStream.rangeClosed(1, 40).boxed().toList(), 100, 24, 11));
        HnswIndex index = HnswIndex.build(e, 3);
        assertThat(index.size()).isEqualTo(4000);
        // Every node must be linked, not only those of one worker: each query's own item is found.
        for (long q = 1_000; q < 40_000; q += 997) {
            float[] query = e.vector(q);
            if (query != null) {
                assertThat(index.search(query, 1)).containsExactly(q);
            }
        }
        assertThat(recallAt10(e, index)).as("recall@10 against brute force").isGreaterThan(0.9);
    }

    @Test
    void similaritiesToAnItemAreCosinesOfTheEmbeddingsAndNaNWithoutOne() throws IOException {
        ItemEmbeddings e = ItemEmbeddings.read(TestEmbeddings.write(dir.resolve("e.bin"),
                LongStream.rangeClosed(1, 4).boxed().toList(), 10, 16, 3));
        HnswIndex index = HnswIndex.build(e);
        long[] ids = {1_001L, 1_009L, 3_004L, 77_777L};

        float[] s = index.similarities(1_000L, i -> ids[i], ids.length);

        float[] page = ItemVectors.normalise(e.vector(1_000L).clone());
        for (int i = 0; i < 3; i++) {
            float[] v = ItemVectors.normalise(e.vector(ids[i]).clone());
            double cosine = 0;
            for (int d = 0; d < v.length; d++) {
                cosine += (double) page[d] * v[d];
            }
            assertThat((double) s[i]).as("item %d", ids[i]).isCloseTo(cosine, Offset.offset(1e-5));
        }
        // Items of the page's item's category (its embedding cluster) are more alike than another category's.
        assertThat(Math.min(s[0], s[1])).isGreaterThan(s[2]);
        assertThat(s[3]).as("no embedding").isNaN();
        assertThat(index.similarities(77_777L, i -> ids[i], ids.length)).as("the page's item has none").isNull();
    }

    /** Share of the exact 10 nearest neighbours that the index finds, over queries spread across the items. */
    private static double recallAt10(ItemEmbeddings e, HnswIndex index) {
        int k = 10;
        int hits = 0;
        int queries = 0;
        for (long q = 1_000; q < 40_000; q += 997) {
            float[] query = e.vector(q);
            if (query == null) {
                continue;
            }
            queries++;
            Set<Long> exact = exact(e, index, query, k);
            for (long id : index.search(query, k)) {
                hits += exact.contains(id) ? 1 : 0;
            }
        }
        return (double) hits / (queries * k);
    }

    @Test
    void anItemsNeighboursExcludeItselfAndAreServedFromTheCacheConsistently() throws IOException {
        ItemEmbeddings e = ItemEmbeddings.read(TestEmbeddings.write(dir.resolve("e.bin"),
                LongStream.rangeClosed(1, 10).boxed().toList(), 40, 16, 3));
        HnswIndex index = HnswIndex.build(e);
        long[] ten = index.neighbours(3_007L, 10);
        assertThat(ten).hasSize(10).doesNotContain(3_007L);
        assertThat(Arrays.stream(ten).allMatch(id -> id / 1000 == 3)).as("same category cluster").isTrue();
        long[] five = index.neighbours(3_007L, 5);
        assertThat(five).containsExactly(Arrays.copyOf(ten, 5));
        long[] thirty = index.neighbours(3_007L, 30);
        assertThat(thirty).hasSize(30).doesNotContain(3_007L).startsWith(Arrays.copyOf(ten, 3));
        assertThat(index.neighbours(99_999L, 5)).isEmpty();
        // Searched for ten and for thirty (the cached ten were too few), cached for five; the unknown item neither.
        assertThat(index.lists().searchedCount()).isEqualTo(2);
        assertThat(index.lists().cachedCount()).isEqualTo(1);
    }

    @Test
    void aNewIndexTakesOverTheListsItsPredecessorWasAskedForMostWithoutCountingThemAsRequestSearches()
            throws IOException {
        ItemEmbeddings e = ItemEmbeddings.read(TestEmbeddings.write(dir.resolve("e.bin"),
                LongStream.rangeClosed(1, 10).boxed().toList(), 40, 16, 3));
        HnswIndex old = HnswIndex.build(e);
        old.neighbours(2_001L, 20);
        old.neighbours(4_002L, 7);
        old.neighbours(6_003L, 12);

        // Which two are hottest is the cache policy's guess (Caffeine's); each comes with its list's length.
        Map<Long, Integer> all = old.lists().hottest(10);
        assertThat(all).containsOnly(Map.entry(2_001L, 20), Map.entry(4_002L, 7), Map.entry(6_003L, 12));
        assertThat(all).containsAllEntriesOf(old.lists().hottest(2));
        assertThat(old.lists().hottest(2)).hasSize(2);

        HnswIndex next = HnswIndex.build(e);
        Map<Long, Integer> carried = new LinkedHashMap<>(all);
        carried.put(99_999L, 5); // not in the new index: skipped
        assertThat(next.lists().precompute(carried)).isEqualTo(3);
        assertThat(next.lists().searchedCount()).as("not the requests' searches").isZero();
        // The requests now find them cached, with the same lists a search would give.
        assertThat(next.neighbours(2_001L, 20)).containsExactly(old.neighbours(2_001L, 20));
        assertThat(next.neighbours(4_002L, 7)).hasSize(7);
        assertThat(next.neighbours(6_003L, 10)).hasSize(10);
        assertThat(next.lists().searchedCount()).isZero();
        assertThat(next.lists().cachedCount()).isEqualTo(3);
    }

    @Test
    void takingOverListsStopsWhenTheBuildingThreadIsInterrupted() throws IOException {
        ItemEmbeddings e = ItemEmbeddings.read(TestEmbeddings.write(dir.resolve("e.bin"),
                LongStream.rangeClosed(1, 4).boxed().toList(), 20, 8, 5));
        HnswIndex index = HnswIndex.build(e);
        Thread.currentThread().interrupt(); // what shutting the service down does to the index thread
        try {
            assertThat(index.lists().precompute(Map.of(1_001L, 5, 2_001L, 5))).isZero();
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
    }

    @Test
    void unknownDimensionOrEmptyQueriesFindNothing() throws IOException {
        ItemEmbeddings e = ItemEmbeddings.read(TestEmbeddings.write(dir.resolve("e.bin"), List.of(1L), 5, 4, 1));
        HnswIndex index = HnswIndex.build(e);
        assertThat(index.search(new float[3], 5)).isEmpty();
        assertThat(index.search(new float[4], 5)).isEmpty();
    }

    @Test
    void theGraphExportedWithTheModelAnswersAsOneLinkedHereAndConcurrentSearchesOfItAgree() throws Exception {
        ItemEmbeddings e = ItemEmbeddings.read(TestEmbeddings.write(dir.resolve("e.bin"),
                LongStream.rangeClosed(1, 30).boxed().toList(), 60, 16, 5));
        ItemGraph.write(ItemVectors.of(e), dir.resolve(ItemGraph.DIR_NAME));

        HnswIndex read = HnswIndex.read(e, dir.resolve(ItemGraph.DIR_NAME));
        HnswIndex linked = HnswIndex.build(e);

        assertThat(read.size()).isEqualTo(linked.size());
        for (long item : linked.itemIds()) {
            assertThat(read.neighbours(item, 20)).containsExactly(linked.neighbours(item, 20));
        }
        // The copy on the heap is searched without a shared cursor, like a graph linked here.
        List<float[]> queries = IntStream.range(0, 100).mapToObj(i -> e.vectorAt((i * 37) % e.count())).toList();
        List<long[]> serial = queries.stream().map(q -> read.search(q, 25)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> IntStream.range(0, 2_000)
                        .allMatch(i -> Arrays.equals(read.search(queries.get(i % 100), 25), serial.get(i % 100)))));
            }
            for (Future<Boolean> run : runs) {
                assertThat(run.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentSearchesGiveTheAnswersOfSerialOnesAndEqualEmbeddingsGiveEqualGraphs() throws Exception {
        ItemEmbeddings e = ItemEmbeddings.read(TestEmbeddings.write(dir.resolve("e.bin"),
                LongStream.rangeClosed(1, 30).boxed().toList(), 60, 16, 5));
        HnswIndex index = HnswIndex.build(e);
        List<float[]> queries = IntStream.range(0, 200).mapToObj(i -> e.vectorAt((i * 37) % e.count())).toList();
        List<long[]> serial = queries.stream().map(q -> index.search(q, 25)).toList();
        // The graph is built with a fixed seed: a second build from the same file answers the same.
        HnswIndex again = HnswIndex.build(e);
        for (int i = 0; i < queries.size(); i++) {
            assertThat(again.search(queries.get(i), 25)).containsExactly(serial.get(i));
        }
        // Searches share the graph; each must walk it without disturbing the others.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < queries.size(); i++) {
                            if (!Arrays.equals(index.search(queries.get(i), 25), serial.get(i))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> run : runs) {
                assertThat(run.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Set<Long> exact(ItemEmbeddings e, HnswIndex index, float[] query, int k) {
        float[] q = ItemVectors.normalise(query.clone());
        Integer[] rows = IntStream.range(0, e.count()).boxed().toArray(Integer[]::new);
        Arrays.sort(rows, Comparator.comparingDouble(r -> -dot(q, index.unitVector(e.id(r)))));
        Set<Long> out = new HashSet<>();
        for (int i = 0; i < k; i++) {
            out.add(e.id(rows[i]));
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
