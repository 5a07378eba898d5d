package io.streamrank.ranking.ann;

import io.streamrank.contract.model.IdOrds;
import io.streamrank.contract.model.ItemCategories;
import io.streamrank.contract.model.ItemVectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntToLongFunction;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

/**
 * The indexed items of each category, as one model version's item table names their categories, and the search for a
 * category page's items among them (ADR 88). Immutable once made, apart from the per-category means and filters it
 * remembers on first use; thread-safe.
 */
final class CategoryMembers {

    /**
     * Up to this many items a category's items are scored one by one; above it the graph is searched with the
     * category as a filter. A walk of the graph that may only collect a small share of its nodes visits more of them
     * than the filter holds, which is why Lucene's kNN query scores the items of a selective filter instead.
     */
    static final int EXACT_MAX = 4_096;

    /**
     * Category to its group, the index into {@link #grouped}, {@link #centres} and {@link #filters}: primitive, as a
     * product page asks for the category of every candidate without an embedding, hundreds per request (ADR 91).
     */
    private final IdOrds groups;
    private final int[][] grouped;
    private final int exactMax;
    /** A group's mean vector, made on first use (two threads may both make it: the same values). */
    private final AtomicReferenceArray<Centre> centres;
    /** A large group's items as a graph filter, made on first use (two threads may both make it: the same bits). */
    private final AtomicReferenceArray<FixedBitSet> filters;

    /**
     * @param mean the mean of the category's unit vectors: its dot product with a unit vector is that vector's mean
     *             cosine similarity to the category's items (ADR 91)
     * @param unit the mean's direction: the query for a user without recent items (ADR 88)
     */
    private record Centre(float[] mean, float[] unit) {
    }

    private CategoryMembers(IdOrds groups, int[][] grouped, int exactMax) {
        this.groups = groups;
        this.grouped = grouped;
        this.exactMax = exactMax;
        this.centres = new AtomicReferenceArray<>(grouped.length);
        this.filters = new AtomicReferenceArray<>(grouped.length);
    }

    /**
     * Groups the index's items by the table's categories; items the table does not list (category 0) are left out.
     * One hash lookup per item: this runs on a version's first category page.
     */
    static CategoryMembers of(ItemVectors items, ItemCategories table, int exactMax) {
        int n = table.count();
        Map<Long, Integer> dense = new HashMap<>();
        int[] group = new int[n];
        int[] ords = new int[n];
        int[] counts = new int[64];
        for (int i = 0; i < n; i++) {
            long category = table.categoryAt(i);
            int ord = category == 0L ? -1 : items.ord(table.id(i));
            group[i] = -1;
            if (ord >= 0) {
                Integer g = dense.get(category);
                if (g == null) {
                    g = dense.size();
                    dense.put(category, g);
                    counts = g < counts.length ? counts : Arrays.copyOf(counts, counts.length * 2);
                }
                group[i] = g;
                ords[i] = ord;
                counts[g]++;
            }
        }
        int[][] grouped = new int[dense.size()][];
        for (int g = 0; g < grouped.length; g++) {
            grouped[g] = new int[counts[g]];
            counts[g] = 0;
        }
        for (int i = 0; i < n; i++) {
            if (group[i] >= 0) {
                grouped[group[i]][counts[group[i]]++] = ords[i];
            }
        }
        IdOrds groups = new IdOrds(dense.size());
        dense.forEach(groups::put);
        return new CategoryMembers(groups, grouped, exactMax);
    }

    /** How many categories have items in the index. */
    int categories() {
        return grouped.length;
    }

    /**
     * Up to {@code k} of the category's items, most similar to {@code unitQuery} first; {@code null} asks for those
     * most similar to the category's mean.
     */
    long[] nearest(HnswIndex index, long category, float[] unitQuery, int k) {
        int group = groups.get(category);
        if (group < 0 || k <= 0) {
            return new long[0];
        }
        int[] ords = grouped[group];
        float[] q = unitQuery != null ? unitQuery : centre(index.items(), group).unit();
        if (ords.length > exactMax) {
            // Lucene's kNN query bounds a filtered walk by the filter's size, and scores the filter's items instead
            // when the walk reaches it: then scoring each is the cheaper way. So does this.
            long[] found = index.nearest(q, k, filter(group, index.size()), ords.length);
            if (found != null) {
                return found;
            }
        }
        try {
            RandomVectorScorer scorer = index.scorer(q);
            TopKnnCollector top = new TopKnnCollector(Math.min(k, ords.length), Integer.MAX_VALUE);
            for (int ord : ords) {
                top.collect(ord, scorer.score(ord));
            }
            return index.ids(top.topDocs().scoreDocs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The mean cosine similarity of the category's items to {@code unitTo}: the expected similarity of an item of the
     * category whose own vector the index lacks (ADR 91); {@code NaN} when the index holds none of the category.
     */
    float meanSimilarity(ItemVectors items, long category, float[] unitTo) {
        int group = groups.get(category);
        if (group < 0) {
            return Float.NaN;
        }
        float[] mean = centre(items, group).mean();
        float sum = 0;
        for (int d = 0; d < mean.length; d++) {
            sum += mean[d] * unitTo[d];
        }
        return sum;
    }

    /**
     * Each {@code NaN} of {@code similarity} whose {@code categoryAt} is not 0 becomes its category's
     * {@link #meanSimilarity} to {@code unitTo} (still {@code NaN} for a category the index holds none of).
     *
     * @return the positions set, {@code null} when none was
     */
    BitSet fillSimilarities(ItemVectors items, float[] unitTo, float[] similarity, IntToLongFunction categoryAt) {
        BitSet set = null;
        for (int i = 0; i < similarity.length; i++) {
            if (!Float.isNaN(similarity[i])) {
                continue;
            }
            long category = categoryAt.applyAsLong(i);
            if (category == 0L) {
                continue;
            }
            similarity[i] = meanSimilarity(items, category, unitTo);
            if (!Float.isNaN(similarity[i])) {
                set = set == null ? new BitSet(similarity.length) : set;
                set.set(i);
            }
        }
        return set;
    }

    private Centre centre(ItemVectors items, int group) {
        Centre made = centres.get(group);
        if (made == null) {
            made = centre(items, grouped[group]);
            centres.set(group, made);
        }
        return made;
    }

    private static Centre centre(ItemVectors items, int[] ords) {
        float[] sum = new float[items.dim()];
        float[] v = new float[items.dim()];
        for (int ord : ords) {
            items.copyVector(ord, v);
            for (int d = 0; d < sum.length; d++) {
                sum[d] += v[d];
            }
        }
        for (int d = 0; d < sum.length; d++) {
            sum[d] /= ords.length;
        }
        // Opposite vectors can cancel out: then any of the items is as good a centre as the others.
        float[] unit = ItemVectors.normalise(sum.clone());
        return new Centre(sum, unit != null ? unit : items.vector(ords[0]));
    }

    private FixedBitSet filter(int group, int size) {
        FixedBitSet made = filters.get(group);
        if (made != null) {
            return made;
        }
        FixedBitSet bits = new FixedBitSet(size);
        for (int ord : grouped[group]) {
            bits.set(ord);
        }
        filters.set(group, bits);
        return bits;
    }
}
