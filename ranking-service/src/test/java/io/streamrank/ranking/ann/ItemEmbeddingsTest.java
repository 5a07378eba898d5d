package io.streamrank.ranking.ann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.ranking.TestEmbeddings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemEmbeddingsTest {

    @TempDir
    Path dir;

    @Test
    void readsIdsAndVectorsInTheExportersLittleEndianLayout() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(12 + 2 * (8 + 3 * 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x53524945).putInt(2).putInt(3);
        b.putLong(7_000_000_001L).putFloat(1f).putFloat(-2f).putFloat(0.5f);
        b.putLong(42L).putFloat(0f).putFloat(0f).putFloat(3f);
        Path file = Files.write(dir.resolve("item_embeddings.bin"), b.array());

        ItemEmbeddings e = ItemEmbeddings.read(file);

        assertThat(e.count()).isEqualTo(2);
        assertThat(e.dim()).isEqualTo(3);
        assertThat(e.vector(7_000_000_001L)).containsExactly(1f, -2f, 0.5f);
        assertThat(e.vector(42L)).containsExactly(0f, 0f, 3f);
        assertThat(e.vector(43L)).isNull();
    }

    @Test
    void generatedFilesRoundTrip() throws IOException {
        Path file = TestEmbeddings.write(dir.resolve("e.bin"), List.of(11L, 12L), 5, 8, 1);
        ItemEmbeddings e = ItemEmbeddings.read(file);
        assertThat(e.count()).isEqualTo(10);
        assertThat(e.vector(12_004L)).hasSize(8);
    }

    @Test
    void refusesFilesThatAreNotWellFormedEmbeddings() throws IOException {
        byte[] good = Files.readAllBytes(TestEmbeddings.write(dir.resolve("g.bin"), List.of(11L), 2, 4, 1));

        byte[] badMagic = good.clone();
        badMagic[0] = 0;
        assertThatThrownBy(() -> ItemEmbeddings.read(Files.write(dir.resolve("m.bin"), badMagic)))
                .isInstanceOf(IOException.class).hasMessageContaining("magic");

        byte[] truncated = Arrays.copyOf(good, good.length - 1);
        assertThatThrownBy(() -> ItemEmbeddings.read(Files.write(dir.resolve("t.bin"), truncated)))
                .isInstanceOf(IOException.class).hasMessageContaining("expected");

        ByteBuffer nan = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN);
        nan.putFloat(12 + 8, Float.NaN);
        assertThatThrownBy(() -> ItemEmbeddings.read(Files.write(dir.resolve("n.bin"), nan.array())))
                .isInstanceOf(IOException.class).hasMessageContaining("non-finite");

        assertThatThrownBy(() -> ItemEmbeddings.read(Files.write(dir.resolve("s.bin"), new byte[5])))
                .isInstanceOf(IOException.class);
    }
}
