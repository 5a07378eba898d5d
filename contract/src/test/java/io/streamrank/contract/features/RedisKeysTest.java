package io.streamrank.contract.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisKeysTest {

    private final RedisKeys keys = new RedisKeys("sr:t:");

    @Test
    void everyKeyStartsWithTheKeyPrefixItsCachesAreTrackedAndScannedBy() {
        // The service tracks (ADR 56) and scans (ADR 57) keys by these prefixes, and reads the id back after them.
        assertThat(keys.item(42)).startsWith(keys.itemKeyPrefix());
        assertThat(keys.catalogItem(42)).startsWith(keys.catalogItemKeyPrefix());
        assertThat(keys.coVisitation(42)).startsWith(keys.coVisitationKeyPrefix());
        assertThat(keys.popularCategory(7)).startsWith(keys.popularCategoryKeyPrefix())
                .startsWith(keys.popularKeyPrefix());
        assertThat(keys.popularAll()).startsWith(keys.popularKeyPrefix());
        assertThat(keys.newItemsInCategory(7)).startsWith(keys.newItemsKeyPrefix());
        assertThat(RedisKeys.idAfter(keys.item(42), keys.itemKeyPrefix())).isEqualTo(42);
        assertThat(RedisKeys.idAfter(keys.popularCategory(7), keys.popularCategoryKeyPrefix())).isEqualTo(7);
        assertThat(RedisKeys.idAfter(keys.itemKeyPrefix(), keys.itemKeyPrefix())).isEqualTo(-1);
    }
}
