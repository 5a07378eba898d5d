package io.streamrank.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackStateTest {

    @Test
    void acceptedEventPostsAreTheEventsEndpointsPostsAnswered202InAnyLabelOrderAndNotation() {
        // As Micrometer exposes Spring MVC's request timer (one series per label set); the 401s, the GETs and the
        // sum are not accepted posts.
        String exposition = """
                # TYPE http_server_requests_seconds histogram
                http_server_requests_seconds_count{error="none",exception="none",method="POST",outcome="SUCCESS",\
                status="202",uri="/v1/events"} 1.0E4
                http_server_requests_seconds_count{uri="/v1/events",status="202",method="POST",outcome="SUCCESS"} 3.0
                http_server_requests_seconds_count{error="none",exception="none",method="POST",outcome="CLIENT_ERROR",\
                status="401",uri="/v1/events"} 2
                http_server_requests_seconds_count{error="none",exception="none",method="GET",outcome="SUCCESS",\
                status="200",uri="/v1/recommendations"} 5
                http_server_requests_seconds_sum{error="none",exception="none",method="POST",outcome="SUCCESS",\
                status="202",uri="/v1/events"} 0.5
                """;
        assertThat(StackState.acceptedEventPosts(exposition)).isEqualTo(10_003);
        assertThat(StackState.acceptedEventPosts("# nothing yet\n")).isZero();
    }

    @Test
    void onlyAKnownCountOfNoPostsIsClean() {
        assertThat(new StackState(0, 200).clean()).isTrue();
        assertThat(new StackState(0, 200).line()).isEqualTo("A clean stack: the service accepted no event post before "
                + "this run");
        assertThat(new StackState(2, 200).clean()).isFalse();
        assertThat(new StackState(2, 200).refusal()).startsWith("A used stack: the service accepted 2 event posts")
                .endsWith("pass --used-stack true to evaluate this one anyway");
        assertThat(new StackState(1, 200).line()).startsWith("A used stack: the service accepted 1 event post before");
        assertThat(new StackState(-1, 404).clean()).isFalse();
        assertThat(new StackState(-1, 404).line()).contains("Could not tell", "HTTP 404");
    }
}
