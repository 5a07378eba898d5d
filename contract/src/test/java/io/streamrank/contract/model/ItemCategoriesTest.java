package io.streamrank.contract.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.contract.registry.Checksums;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemCategoriesTest {

    @TempDir
    Path dir;

    private final ItemCategories table = ItemCategories.of(Map.of(30L, 7L, 10L, 5L, 20L, 5L));

    @Test
    void fileIsLittleEndianWithMagicCountAndRecordsInAscendingItemOrder() throws IOException {
        Path f = dir.resolve(ItemCategories.FILE_NAME);
        table.write(f);

        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt()).isEqualTo(0x53524943);
        assertThat(b.getInt()).isEqualTo(3);
        assertThat(b.getLong()).isEqualTo(10L);
        assertThat(b.getLong()).isEqualTo(5L);
        assertThat(b.getLong()).isEqualTo(20L);
        assertThat(b.getLong()).isEqualTo(5L);
        assertThat(b.getLong()).isEqualTo(30L);
        assertThat(b.getLong()).isEqualTo(7L);
        assertThat(b.hasRemaining()).isFalse();

        ItemCategories back = ItemCategories.read(f);
        assertThat(back.count()).isEqualTo(3);
        assertThat(back.id(2)).isEqualTo(30L);
        assertThat(back.categoryAt(2)).isEqualTo(7L);
    }

    @Test
    void anItemTheVersionKnowsHasItsTrainingCategoryAndAnyOtherZero() {
        assertThat(table.category(20L)).isEqualTo(5L);
        assertThat(table.category(30L)).isEqualTo(7L);
        assertThat(table.category(99L)).isZero();
        assertThat(ItemCategories.NONE.category(20L)).isZero();
    }

    @Test
    void theSameItemsGiveTheSameBytes() throws IOException {
        Path a = dir.resolve("a.bin");
        Path b = dir.resolve("b.bin");
        table.write(a);
        ItemCategories.of(new java.util.TreeMap<>(Map.of(20L, 5L, 30L, 7L, 10L, 5L))).write(b);

        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }

    @Test
    void refusesFilesThatAreNotWellFormedItemCategories() throws IOException {
        Path goodFile = dir.resolve("g.bin");
        table.write(goodFile);
        byte[] good = Files.readAllBytes(goodFile);

        byte[] badMagic = good.clone();
        badMagic[0] = 0;
        assertThatThrownBy(() -> ItemCategories.read(Files.write(dir.resolve("m.bin"), badMagic)))
                .isInstanceOf(IOException.class).hasMessageContaining("bad magic");

        byte[] truncated = Arrays.copyOf(good, good.length - 1);
        assertThatThrownBy(() -> ItemCategories.read(Files.write(dir.resolve("t.bin"), truncated)))
                .isInstanceOf(IOException.class).hasMessageContaining("truncated");

        assertThatThrownBy(() -> ItemCategories.read(Files.write(dir.resolve("s.bin"), new byte[] {0x43, 0x49})))
                .isInstanceOf(IOException.class).hasMessageContaining("too short");

        ByteBuffer hugeCount = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN);
        hugeCount.putInt(4, Integer.MAX_VALUE);
        assertThatThrownBy(() -> ItemCategories.read(Files.write(dir.resolve("h.bin"), hugeCount.array())))
                .isInstanceOf(IOException.class).hasMessageContaining("expected");

        ByteBuffer negativeCount = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN);
        negativeCount.putInt(4, -1);
        assertThatThrownBy(() -> ItemCategories.read(Files.write(dir.resolve("n.bin"), negativeCount.array())))
                .isInstanceOf(IOException.class).hasMessageContaining("for -1 items");

        ByteBuffer unsorted = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN);
        unsorted.putLong(8 + 16, 10L); // the second item's id repeats the first's
        assertThatThrownBy(() -> ItemCategories.read(Files.write(dir.resolve("u.bin"), unsorted.array())))
                .isInstanceOf(IOException.class).hasMessageContaining("ascending");
    }

    @Test
    void aVersionsChecksumsCoverTheFile() throws IOException {
        ModelStore store = new ModelStore(dir.resolve("models"));
        table.write(store.itemCategoriesFile("v1"));
        Files.writeString(store.metadataFile("v1"), "{}");

        assertThat(Checksums.of(store.versionDir("v1")).files()).containsKey(ItemCategories.FILE_NAME);
    }
}
