package io.streamrank.contract.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.contract.event.EventType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureCodecTest {

    @Test
    void userFeaturesRoundTrip() {
        UserFeatures f = new UserFeatures(
                List.of(new RecentItem(10L, 3L, EventType.BUY, 2_000L), new RecentItem(11L, 4L, EventType.CLICK, 1_000L)),
                Map.of(3L, 1, 4L, 1), 2_000L, 2_000L, 9_999L);
        assertThat(FeatureCodec.decodeUser(FeatureCodec.encodeUser(f))).isEqualTo(f);
    }

    @Test
    void emptyUserFeaturesRoundTrip() {
        assertThat(FeatureCodec.decodeUser(FeatureCodec.encodeUser(UserFeatures.EMPTY))).isEqualTo(UserFeatures.EMPTY);
    }

    @Test
    void itemFeaturesRoundTrip() {
        ItemFeatures f = new ItemFeatures(5L, 17, 3_000L, 4_000L);
        assertThat(FeatureCodec.decodeItem(FeatureCodec.encodeItem(f))).isEqualTo(f);
    }

    @Test
    void corruptOrForeignValuesAreRefusedClearly() {
        assertThatThrownBy(() -> FeatureCodec.decodeItem("2|1|2|3|4")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeatureCodec.decodeItem("1|x|2|3|4")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeatureCodec.decodeUser("1|1|2|3|9:9|")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeatureCodec.decodeUser(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysCarryThePrefix() {
        RedisKeys keys = new RedisKeys("t1:");
        assertThat(keys.user(7)).isEqualTo("t1:u:7");
        assertThat(keys.item(8)).isEqualTo("t1:i:8");
        assertThat(keys.popularAll()).isEqualTo("t1:pop:all");
        assertThat(keys.popularCategory(9)).isEqualTo("t1:pop:c:9");
        assertThat(keys.pattern()).isEqualTo("t1:*");
        assertThat(keys.coVisitation(10)).isEqualTo("t1:cv:10");
        assertThat(keys.catalogItem(11)).isEqualTo("t1:cat:i:11");
        assertThat(keys.newItems()).isEqualTo("t1:cat:new");
        assertThat(keys.newItemsInCategory(12)).isEqualTo("t1:cat:new:c:12");
        assertThat(keys.shown(13)).isEqualTo("t1:shown:13");
    }
}
