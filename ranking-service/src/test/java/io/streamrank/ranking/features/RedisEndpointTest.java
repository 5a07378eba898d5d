package io.streamrank.ranking.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.SocketOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisEndpointTest {

    @Test
    void aDeadPeerTimeoutTurnsOnKeepaliveProbesAndTheTcpUserTimeout() {
        SocketOptions options = RedisEndpoint.socketOptions(Duration.ofSeconds(10));

        assertThat(options.isKeepAlive()).isTrue();
        assertThat(options.getKeepAlive().getIdle()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.getKeepAlive().getInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.getKeepAlive().getCount()).isEqualTo(3);
        assertThat(options.getTcpUserTimeout().isEnabled()).isTrue();
        assertThat(options.getTcpUserTimeout().getTcpUserTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.getConnectTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aShortTimeoutStillWaitsOneWholeSecondBeforeTheFirstProbe() {
        // TCP_KEEPIDLE is whole seconds; 0 would be refused by the kernel.
        assertThat(RedisEndpoint.socketOptions(Duration.ofMillis(500)).getKeepAlive().getIdle())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void zeroLeavesTheOperatingSystemDefaults() {
        SocketOptions options = RedisEndpoint.socketOptions(Duration.ZERO);

        assertThat(options.getKeepAlive().getIdle()).isEqualTo(SocketOptions.create().getKeepAlive().getIdle());
        assertThat(options.getTcpUserTimeout().isEnabled()).isFalse();
    }
}
