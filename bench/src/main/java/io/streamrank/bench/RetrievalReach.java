package io.streamrank.bench;

import io.streamrank.contract.model.ItemEmbeddings;
import io.streamrank.registry.cli.Home;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How far the embedding sources could reach for the pairs asked about, the bound of every page's hits: a B without an
 * embedding in the served version can only come from the lists (co-visitation, trending, new, popular), and one with
 * an embedding only if it is among A's nearest neighbours (the session source asks the HNSW index for A's 100). Exact
 * cosine neighbours over the served version's item embeddings, which the index approximates.
 */
final class RetrievalReach {

    static final int[] NEIGHBOURS = {100, 200, 500};

    /**
     * @param pairs    the pairs with A in the embeddings (those the reach is counted over)
     * @param embedded pairs whose B has an embedding
     * @param among    pairs whose B is among A's nearest {@link #NEIGHBOURS} (A itself not counted)
     */
    record Reach(int pairs, int embedded, int[] among) {
    }

    private RetrievalReach() {
    }

    /** The reach of the embeddings for (A, B) pairs. */
    static Reach of(List<long[]> pairs, ItemEmbeddings embeddings) {
        float[] unit = unitVectors(embeddings);
        int dim = embeddings.dim();
        int counted = 0;
        int embedded = 0;
        int[] among = new int[NEIGHBOURS.length];
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < embeddings.count(); i++) {
            index.put(embeddings.id(i), i);
        }
        for (long[] pair : pairs) {
            Integer a = index.get(pair[0]);
            if (a == null) {
                continue;
            }
            counted++;
            Integer b = index.get(pair[1]);
            if (b == null) {
                continue;
            }
            embedded++;
            float toB = dot(unit, a, b, dim);
            int closer = 0;
            for (int i = 0; i < embeddings.count(); i++) {
                if (i != a && i != b && dot(unit, a, i, dim) > toB) {
                    closer++;
                }
            }
            for (int k = 0; k < NEIGHBOURS.length; k++) {
                among[k] += closer < NEIGHBOURS[k] ? 1 : 0;
            }
        }
        return new Reach(counted, embedded, among);
    }

    /**
     * The line the evaluations print: the reach over the served version's embeddings in the checkout's
     * {@code .streamrank/models} (where {@code bin/streamrank-local} publishes), or why it was not counted.
     */
    static String line(List<long[]> pairs, String servedVersion) throws IOException {
        if (servedVersion == null || servedVersion.isEmpty()) {
            return "Retrieval's reach not counted: the service answered without a model version";
        }
        Path file = Path.of(Home.resolve(".streamrank/models")).resolve(servedVersion)
                .resolve(ItemEmbeddings.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return "Retrieval's reach not counted: no " + file + " (the served version's item embeddings)";
        }
        Reach r = of(pairs, ItemEmbeddings.read(file));
        return String.format("Retrieval's reach (%s's item embeddings, exact cosine): of %d pairs whose A has an "
                + "embedding, B has one in %d; B is among A's nearest %d / %d / %d in %d / %d / %d", servedVersion,
                r.pairs(), r.embedded(), NEIGHBOURS[0], NEIGHBOURS[1], NEIGHBOURS[2], r.among()[0], r.among()[1],
                r.among()[2]);
    }

    private static float[] unitVectors(ItemEmbeddings e) {
        float[] out = new float[e.count() * e.dim()];
        for (int i = 0; i < e.count(); i++) {
            float[] v = e.vectorAt(i);
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            float scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            for (int d = 0; d < v.length; d++) {
                out[i * e.dim() + d] = v[d] * scale;
            }
        }
        return out;
    }

    private static float dot(float[] unit, int a, int b, int dim) {
        float s = 0;
        for (int d = 0; d < dim; d++) {
            s += unit[a * dim + d] * unit[b * dim + d];
        }
        return s;
    }
}
