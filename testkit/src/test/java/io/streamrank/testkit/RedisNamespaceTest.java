package io.streamrank.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisNamespaceTest {

    @Test
    void aPrefixThatWouldClearOtherKeysIsRefusedBeforeAnythingIsDeleted() {
        // Refused before connecting: the URI is never used, so no server is needed and nothing can be deleted.
        for (String prefix : new String[] {"", "sr:*", "a?", "x[1]:", "back\\slash"}) {
            assertThatThrownBy(() -> new RedisNamespace("redis://127.0.0.1:1", prefix, true)).as(prefix)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty");
        }
    }
}
