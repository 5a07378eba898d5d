package io.streamrank.bench;

import java.io.IOException;

/**
 * Whether the service under evaluation accepted event posts before the run, from its request timer on
 * {@code /actuator/prometheus}: posted clicks stay in the stack's hour-long counts (trending, popularity, item
 * features), so a run against a stack that took some is not a clean held-out evaluation. What the timer cannot see: a
 * service restarted on the same Redis and feature job (its counter starts again at 0), and a post answered 503 after
 * some of its events were stored.
 *
 * @param posts  event posts answered 202 since the service started; -1 when unknown
 * @param status the HTTP status of {@code /actuator/prometheus} (200: the count is known)
 */
record StackState(long posts, int status) {

    static StackState of(ServiceClient service) throws IOException, InterruptedException {
        ServiceClient.Answer prometheus = service.get("/actuator/prometheus");
        return prometheus.status() == 200 ? new StackState(acceptedEventPosts(prometheus.body()), 200)
                : new StackState(-1, prometheus.status());
    }

    /** The sum of the {@code http_server_requests_seconds_count} series of accepted event posts in an exposition. */
    static long acceptedEventPosts(String exposition) {
        long sum = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("http_server_requests_seconds_count{") && line.contains("uri=\"/v1/events\"")
                    && line.contains("method=\"POST\"") && line.contains("status=\"202\"")) {
                sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    boolean clean() {
        return status == 200 && posts == 0;
    }

    /** What the run prints about the stack. */
    String line() {
        if (status != 200) {
            return "Could not tell whether the service accepted event posts before this run (HTTP " + status
                    + " for /actuator/prometheus on its port)";
        }
        return posts == 0 ? "A clean stack: the service accepted no event post before this run"
                : "A used stack: the service accepted " + posts + (posts == 1 ? " event post" : " event posts")
                + " before this run; their clicks stay in its counts (trending, popularity, item features) for an hour";
    }

    /** Why a run that posts clicks stops here, and how to go on. */
    String refusal() {
        return line() + ". Start a fresh stack, or pass --used-stack true to evaluate this one anyway";
    }
}
