package io.streamrank.ranking.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.streamrank.ranking.rules.ItemIdSet;
import io.streamrank.ranking.web.ApiException;
import io.streamrank.ranking.web.ProblemType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class QueryParametersTest {

    private static final int DEFAULT_K = 10;
    private static final int DEFAULT_CANDIDATES = 500;

    @Test
    void readsEveryParameterAndDefaultsTheOptionalOnes() {
        assertThat(read("userId=42&k=5&candidateCount=300&explain=TRUE"))
                .isEqualTo(new RecommendationQuery(42, 5, null, 300, true, ItemIdSet.EMPTY, 0, 0));
        assertThat(read("userId=42"))
                .isEqualTo(new RecommendationQuery(42, DEFAULT_K, null, DEFAULT_CANDIDATES, false, ItemIdSet.EMPTY, 0,
                        0));
        // Empty values count as absent, as Spring's binding treated them; surrounding blanks are ignored.
        assertThat(read("userId=%2042%20&k=&explain=")).isEqualTo(
                new RecommendationQuery(42, DEFAULT_K, null, DEFAULT_CANDIDATES, false, ItemIdSet.EMPTY, 0, 0));
    }

    @Test
    void acceptsTheLimitsThemselves() {
        assertThat(read("userId=1&k=200&candidateCount=1000"))
                .isEqualTo(new RecommendationQuery(1, 200, null, 1000, false, ItemIdSet.EMPTY, 0, 0));
        assertThat(read("userId=1&k=1&candidateCount=1"))
                .isEqualTo(new RecommendationQuery(1, 1, null, 1, false, ItemIdSet.EMPTY, 0, 0));
    }

    @Test
    void excludeTakesIdsSeparatedByCommasOrTheParameterRepeatedUpTo200() {
        assertThat(read("userId=1&exclude=12,%2013,,12&exclude=14").exclude()).isEqualTo(ItemIdSet.of(12, 13, 14));
        assertThat(read("userId=1&exclude=").exclude()).isEqualTo(ItemIdSet.EMPTY);
        StringBuilder ids = new StringBuilder();
        for (int i = 1; i <= QueryParameters.MAX_EXCLUDE; i++) {
            ids.append(i == 1 ? "" : ",").append(i);
        }
        assertThat(read("userId=1&exclude=" + ids).exclude().size()).isEqualTo(200);
        assertThat(errors("userId=1&exclude=" + ids + ",201")).containsExactly(Map.of("field", "exclude",
                "message", "must name at most 200 items"));
        // Repeating an id still names it: 201 entries are refused however many distinct ids they hold.
        assertThat(errors("userId=1&exclude=" + ids + "&exclude=7")).hasSize(1);
        for (String bad : new String[] {"12,x", "0", "-3", "1.5", "99999999999999999999"}) {
            assertThat(errors("userId=1&exclude=" + bad)).as(bad).containsExactly(Map.of("field", "exclude",
                    "message", "must be item ids (whole numbers above 0), separated by commas"));
        }
    }

    @Test
    void aContextItemIsReadAndExcludedFromTheAnswerBesideTheExcludeList() {
        RecommendationQuery q = read("userId=1&contextItemId=77&exclude=12");
        assertThat(q.contextItemId()).isEqualTo(77);
        assertThat(q.exclude()).isEqualTo(ItemIdSet.of(12, 77));
        assertThat(read("userId=1").contextItemId()).isZero();
        assertThat(errors("userId=1&contextItemId=0")).containsExactly(Map.of("field", "contextItemId", "message",
                "must be greater than or equal to 1"));
    }

    @Test
    void aCategoryPagesCategoryIsRead() {
        assertThat(read("userId=1&categoryId=12").categoryId()).isEqualTo(12);
        assertThat(read("userId=1").categoryId()).isZero();
        assertThat(errors("userId=1&categoryId=0")).containsExactly(Map.of("field", "categoryId", "message",
                "must be greater than or equal to 1"));
        assertThat(errors("userId=1&categoryId=shoes")).containsExactly(Map.of("field", "categoryId", "message",
                "must be a whole number"));
        assertThat(errors("userId=1&categoryId=1&categoryId=2")).containsExactly(Map.of("field", "categoryId",
                "message", "must be given once"));
    }

    @Test
    void reportsEveryInvalidParameterAtOnce() {
        assertThat(errors("userId=0&k=201&candidateCount=0&explain=perhaps")).containsExactly(
                Map.of("field", "userId", "message", "must be greater than or equal to 1"),
                Map.of("field", "k", "message", "must be less than or equal to 200"),
                Map.of("field", "candidateCount", "message", "must be greater than or equal to 1"),
                Map.of("field", "explain", "message", "must be true or false"));
    }

    @Test
    void aMissingMalformedOrRepeatedParameterIsOneErrorEach() {
        assertThat(errors("k=5")).containsExactly(Map.of("field", "userId", "message", "is required"));
        assertThat(errors("userId=abc")).containsExactly(Map.of("field", "userId", "message",
                "must be a whole number"));
        assertThat(errors("userId=99999999999999999999")).containsExactly(Map.of("field", "userId", "message",
                "must be a whole number"));
        assertThat(errors("userId=1&userId=2")).containsExactly(Map.of("field", "userId", "message",
                "must be given once"));
        assertThat(errors("userId=1&candidateCount=1001")).containsExactly(Map.of("field", "candidateCount",
                "message", "must be less than or equal to 1000"));
    }

    private static RecommendationQuery read(String query) {
        return QueryParameters.read(request(query), DEFAULT_K, DEFAULT_CANDIDATES);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> errors(String query) {
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> QueryParameters.read(request(query), DEFAULT_K, DEFAULT_CANDIDATES));
        assertThat(e).as(query).isNotNull();
        assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(e.getMessage()).isEqualTo("request parameters are invalid");
        return (List<Map<String, String>>) e.properties().get("errors");
    }

    private static MockHttpServletRequest request(String query) {
        MockHttpServletRequest r = new MockHttpServletRequest("GET", "/v1/recommendations");
        r.setQueryString(query);
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            r.addParameter(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return r;
    }
}
