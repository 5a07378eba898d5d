package io.streamrank.ranking.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

/** Which requests need the write token: deny by default, whatever kind of handler the dispatcher chose (ADR 78). */
class WriteOperationsTest {

    static class Handlers {
        @PostMapping("/write")
        void write() {
        }

        @OpenRead
        @PostMapping("/read")
        void read() {
        }
    }

    @Test
    void anUnsafeMethodToAControllerMethodNeedsTheTokenUnlessItIsAnOpenRead() throws Exception {
        HandlerMethod write = new HandlerMethod(new Handlers(), Handlers.class.getDeclaredMethod("write"));
        HandlerMethod read = new HandlerMethod(new Handlers(), Handlers.class.getDeclaredMethod("read"));
        assertThat(WriteOperations.needsToken("POST", (Object) write)).isTrue();
        assertThat(WriteOperations.needsToken("DELETE", (Object) write)).isTrue();
        assertThat(WriteOperations.needsToken("GET", (Object) write)).isFalse();
        assertThat(WriteOperations.needsToken("POST", (Object) read)).isFalse();
    }

    @Test
    void anUnsafeMethodToAHandlerThatIsNotAControllerMethodNeedsTheToken() {
        // It cannot carry @OpenRead: a router function or resource handler added later is protected too.
        Object resources = new ResourceHttpRequestHandler();
        assertThat(WriteOperations.needsToken("POST", resources)).isTrue();
        assertThat(WriteOperations.needsToken("PUT", resources)).isTrue();
        assertThat(WriteOperations.needsToken("GET", resources)).isFalse();
        assertThat(WriteOperations.needsToken("HEAD", resources)).isFalse();
        assertThat(WriteOperations.needsToken("OPTIONS", resources)).isFalse();
    }
}
