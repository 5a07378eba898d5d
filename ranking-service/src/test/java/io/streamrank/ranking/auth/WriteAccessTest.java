package io.streamrank.ranking.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class WriteAccessTest {

    private static final String TOKEN = "s3cret-0123456789-abcdef";

    @Test
    void onlyARequestCarryingTheBearerTokenPresentsIt() {
        WriteAccess access = TestWriteAccess.withToken(TOKEN);

        assertThat(access.tokenRequired()).isTrue();
        assertThat(access.presentedBy(request("Bearer " + TOKEN))).isTrue();
        assertThat(access.presentedBy(request("bearer " + TOKEN))).isTrue();
        assertThat(access.presentedBy(request(null))).isFalse();
        assertThat(access.presentedBy(request("Bearer wrong-token-0123456789"))).isFalse();
        assertThat(access.presentedBy(request("Basic " + TOKEN))).isFalse();
        assertThat(access.presentedBy(request("Bearer " + TOKEN + "x"))).isFalse();
    }

    @Test
    void withoutATokenNoRequestPresentsOneThoughEveryRequestMayWrite() {
        WriteAccess access = TestWriteAccess.none();

        assertThat(access.tokenRequired()).isFalse();
        assertThat(access.presentedBy(request(null))).isFalse();
        assertThat(access.presentedBy(request("Bearer " + TOKEN))).isFalse();
    }

    private static MockHttpServletRequest request(String authorization) {
        MockHttpServletRequest r = new MockHttpServletRequest("GET", "/v1/recommendations");
        if (authorization != null) {
            r.addHeader("Authorization", authorization);
        }
        return r;
    }
}
