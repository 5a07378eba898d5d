package io.streamrank.contract.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.RecentItem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemEmbeddingsTest {

    @TempDir
    Path dir;

    private final ItemEmbeddings e = new ItemEmbeddings(new long[] {10L, 20L, 30L},
            new float[] {1, 0, 0, 1, 0.7f, 0.7f}, 2);

    @Test
    void fileIsLittleEndianWithMagicCountDimAndRecords() throws IOException {
        Path f = dir.resolve(ItemEmbeddings.FILE_NAME);
        e.write(f);

        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt()).isEqualTo(0x53524945);
        assertThat(b.getInt()).isEqualTo(3);
        assertThat(b.getInt()).isEqualTo(2);
        assertThat(b.getLong()).isEqualTo(10L);
        assertThat(b.getFloat()).isEqualTo(1f);
        assertThat(b.remaining()).isEqualTo(4 + 2 * (8 + 8));

        ItemEmbeddings back = ItemEmbeddings.read(f);
        assertThat(back.count()).isEqualTo(3);
        assertThat(back.vectorAt(2)).containsExactly(0.7f, 0.7f);
    }

    @Test
    void aFileOfAnotherFormatIsRefused() throws IOException {
        Path f = Files.write(dir.resolve("x.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});

        assertThatThrownBy(() -> ItemEmbeddings.read(f)).isInstanceOf(IOException.class).hasMessageContaining("magic");
    }

    @Test
    void queryWeightsNewerInteractionsMoreAndTopKOrdersByDotProduct() {
        List<RecentItem> recent = List.of(new RecentItem(10L, 1L, EventType.CLICK, 2L),
                new RecentItem(20L, 1L, EventType.CLICK, 1L), new RecentItem(99L, 1L, EventType.CLICK, 0L));

        float[] q = e.query(recent);

        assertThat(q[0]).isEqualTo(1f);
        assertThat(q[1]).isEqualTo((float) ModelSignature.CONTEXT_DECAY);
        assertThat(e.topK(q, 2)).containsExactly(30L, 10L);
    }

    @Test
    void unknownItemsHaveNoVector() {
        assertThat(e.vector(20L)).containsExactly(0f, 1f);
        assertThat(e.vector(99L)).isNull();
    }

    @Test
    void refusesFilesThatAreNotWellFormedEmbeddings() throws IOException {
        Path goodFile = dir.resolve("g.bin");
        e.write(goodFile);
        byte[] good = Files.readAllBytes(goodFile);

        byte[] badMagic = good.clone();
        badMagic[0] = 0;
        assertThatThrownBy(() -> ItemEmbeddings.read(Files.write(dir.resolve("m.bin"), badMagic)))
                .isInstanceOf(IOException.class).hasMessageContaining("magic");

        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
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
