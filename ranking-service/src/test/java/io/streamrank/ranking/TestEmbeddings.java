package io.streamrank.ranking;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Writes item embeddings files in the exporter's format for tests: items of one category share a direction (their
 * category's random unit vector) plus small per-item noise, so nearest neighbours are items of the same category.
 */
public final class TestEmbeddings {

    private TestEmbeddings() {
    }

    /** Item ids {@code category * 1000 + n} for each category and {@code n < perCategory}. */
    public static Path write(Path file, List<Long> categories, int perCategory, int dim, long seed) throws IOException {
        Random random = new Random(seed);
        int count = categories.size() * perCategory;
        ByteBuffer out = ByteBuffer.allocate(12 + count * (8 + 4 * dim)).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0x53524945).putInt(count).putInt(dim);
        for (long category : categories) {
            float[] centre = new float[dim];
            for (int d = 0; d < dim; d++) {
                centre[d] = (float) random.nextGaussian();
            }
            for (int n = 0; n < perCategory; n++) {
                out.putLong(category * 1000 + n);
                for (int d = 0; d < dim; d++) {
                    out.putFloat(centre[d] + 0.15f * (float) random.nextGaussian());
                }
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, out.array());
    }
}
