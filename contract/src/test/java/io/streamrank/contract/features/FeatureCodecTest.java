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

    @Test
    void userActivityRoundTripsAndIsInvisibleToOlderReaders() {
        UserActivity a = new UserActivity(5_000L, new BehaviourCounts(1, 2, 3, 4, 5), new BehaviourCounts(6, 7, 8, 9, 10),
                new BehaviourCounts(11, 12, 13, 14, 15), Map.of(3L, 2, 9L, 1), 5_000L, 6_000L);
        String value = FeatureCodec.encodeUserActivity(a);
        assertThat(value).isEqualTo("1|5000|6000|5000|1,2,3,4,5|6,7,8,9,10|11,12,13,14,15|3:2,9:1");
        assertThat(FeatureCodec.decodeUserActivity(value)).isEqualTo(a);
        assertThat(FeatureCodec.decodeUserActivity(FeatureCodec.encodeUserActivity(UserActivity.EMPTY)))
                .isEqualTo(UserActivity.EMPTY);
        // A reader of the original user value that is pointed at the wrong key refuses it instead of misreading it.
        assertThatThrownBy(() -> FeatureCodec.decodeUser(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void itemStatsRoundTripWithRatesRoundedToSixDecimals() {
        ItemStats s = new ItemStats(7L, new BehaviourCounts(100, 10, 2, 1, 1), new BehaviourCounts(900, 90, 9, 3, 2),
                1d / 3d, 0.02, -1.25, 7_000L, 8_000L);
        String value = FeatureCodec.encodeItemStats(s);
        assertThat(value).isEqualTo("1|7000|8000|7|100,10,2,1,1|900,90,9,3,2|0.333333|0.02|-1.25");
        ItemStats back = FeatureCodec.decodeItemStats(value);
        assertThat(back.ctr()).isEqualTo(0.333333);
        assertThat(back.last24h()).isEqualTo(s.last24h());
        assertThat(back.categoryId()).isEqualTo(7L);
        assertThatThrownBy(() -> FeatureCodec.decodeItem(value)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeatureCodec.decodeItemStats("1|1|2|3|4,5|1,1,1,1,1|0|0|0"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void newKeysLiveBesideTheOriginalOnes() {
        RedisKeys keys = new RedisKeys("t1:");
        assertThat(keys.userActivity(7)).isEqualTo("t1:ua:7");
        assertThat(keys.itemStats(8)).isEqualTo("t1:is:8");
        assertThat(keys.coVisitation(9)).isEqualTo("t1:cv:9");
    }
}
