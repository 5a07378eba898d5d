package io.streamrank.registry.training;

import io.streamrank.contract.model.ModelSignature;
import java.util.Random;

/**
 * Weights of the ranker (see {@link RankerGraph}): an MLP {@code features[F] -> hidden[H] (relu) -> 1} and hashed
 * embedding tables for users, items (plus an item bias) and categories.
 *
 * @param w1       {@code [F][H]}
 * @param b1       {@code [H]}
 * @param w2       {@code [H][1]}
 * @param b2       {@code [1]}
 * @param user     {@code [userBuckets][dim]}
 * @param item     {@code [itemBuckets][dim]}
 * @param category {@code [categoryBuckets][dim]}
 * @param itemBias {@code [itemBuckets]}
 */
public record RankerWeights(float[][] w1, float[] b1, float[][] w2, float[] b2, float[][] user, float[][] item,
                            float[][] category, float[] itemBias) {

    /** Whether every weight is a finite number (a diverged run has NaN or infinite ones). */
    public boolean allFinite() {
        for (float[][] m : new float[][][] {w1, w2, user, item, category}) {
            for (float[] row : m) {
                if (!finite(row)) {
                    return false;
                }
            }
        }
        return finite(b1) && finite(b2) && finite(itemBias);
    }

    private static boolean finite(float[] v) {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    /** Initial embedding rows are drawn from N(0, this²): small, so early scores are driven by the dense features. */
    private static final double EMBEDDING_STD = 0.05;

    /** Glorot-uniform MLP weights, small normal embeddings, zero biases, all from one seeded generator. */
    static RankerWeights initial(HyperParameters hp) {
        Random random = new Random(hp.seed());
        return new RankerWeights(glorot(ModelSignature.FEATURE_COUNT, hp.hidden(), random), new float[hp.hidden()],
                glorot(hp.hidden(), 1, random), new float[1], normal(hp.userBuckets(), hp.dim(), random),
                normal(hp.itemBuckets(), hp.dim(), random), normal(hp.categoryBuckets(), hp.dim(), random),
                new float[hp.itemBuckets()]);
    }

    public int dim() {
        return item[0].length;
    }

    static int bucket(long id, int buckets) {
        return (int) Math.floorMod(id, (long) buckets);
    }

    public float[] userVector(long userId) {
        return user[bucket(userId, user.length)].clone();
    }

    /** The item's vector as the model sees it: item embedding, plus the category embedding when the variant uses it. */
    public float[] itemVector(long itemId, long categoryId, Variant variant) {
        float[] v = item[bucket(itemId, item.length)].clone();
        if (variant.category) {
            float[] c = category[bucket(categoryId, category.length)];
            for (int d = 0; d < v.length; d++) {
                v[d] += c[d];
            }
        }
        return v;
    }

    public float bias(long itemId) {
        return itemBias[bucket(itemId, itemBias.length)];
    }

    /** The MLP's output for one dense row, in plain Java (a reference the TensorFlow graphs are checked against). */
    public float mlp(float[] row) {
        float out = b2[0];
        for (int h = 0; h < b1.length; h++) {
            float a = b1[h];
            for (int f = 0; f < row.length; f++) {
                a += row[f] * w1[f][h];
            }
            out += Math.max(0f, a) * w2[h][0];
        }
        return out;
    }

    private static float[][] glorot(int fanIn, int fanOut, Random random) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        float[][] w = new float[fanIn][fanOut];
        for (float[] row : w) {
            for (int j = 0; j < fanOut; j++) {
                row[j] = (float) ((random.nextDouble() * 2 - 1) * limit);
            }
        }
        return w;
    }

    private static float[][] normal(int rows, int dim, Random random) {
        float[][] w = new float[rows][dim];
        for (float[] row : w) {
            for (int j = 0; j < dim; j++) {
                row[j] = (float) (random.nextGaussian() * EMBEDDING_STD);
            }
        }
        return w;
    }
}
