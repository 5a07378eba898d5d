package io.streamrank.ranking.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** Errors forwarded to {@code /error} by the container, as it sets the request's error attributes. */
class ProblemErrorControllerTest {

    private final ProblemErrorController controller = new ProblemErrorController();

    @Test
    void aBodyOverTheLimitFoundByAFilterIsA413ProblemAboutTheOriginalRequest() {
        MockHttpServletRequest forwarded = forwarded("/v1/catalog/items", 500,
                new ServletException(new BodyLimitFilter.BodyTooLargeException(1024)));
        forwarded.addHeader(RequestIds.HEADER, "req-1");

        ResponseEntity<ProblemDetail> r = controller.error(forwarded);

        assertThat(r.getStatusCode().value()).isEqualTo(413);
        assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(r.getBody().getType()).isEqualTo(ProblemType.BODY_TOO_LARGE.uri());
        assertThat(r.getBody().getInstance()).isEqualTo(URI.create("/v1/catalog/items"));
        assertThat(r.getBody().getProperties()).containsEntry("requestId", "req-1");
    }

    @Test
    void containerStatusesKeepTheirStableTypesAndAnythingElseIsAnInternalErrorWithoutItsClassName() {
        assertThat(controller.error(forwarded("/x", 400, null)).getBody().getType())
                .isEqualTo(ProblemType.INVALID_REQUEST.uri());
        assertThat(controller.error(forwarded("/x", 404, null)).getBody().getType())
                .isEqualTo(ProblemType.NOT_FOUND.uri());
        ProblemDetail internal = controller.error(forwarded("/x", 500,
                new IllegalStateException("secret internals"))).getBody();
        assertThat(internal.getType()).isEqualTo(ProblemType.INTERNAL.uri());
        assertThat(internal.getStatus()).isEqualTo(500);
        assertThat(internal.getDetail()).doesNotContain("IllegalStateException").doesNotContain("secret");
    }

    private static MockHttpServletRequest forwarded(String uri, int status, Throwable error) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, uri);
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        if (error != null) {
            request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, error);
        }
        return request;
    }
}
