package io.streamrank.registry.versions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading JSON requests and writing JSON or RFC 9457 problem responses on the JDK's HTTP server. */
final class Exchanges {

    private static final String PROBLEMS = "https://streamrank.io/problems/";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int MAX_BODY = 64 * 1024;

    private Exchanges() {
    }

    static JsonNode body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] raw = in.readNBytes(MAX_BODY + 1);
            if (raw.length > MAX_BODY) {
                throw new IllegalArgumentException("request body over " + MAX_BODY + " bytes");
            }
            if (raw.length == 0) {
                return JSON.createObjectNode();
            }
            try {
                JsonNode n = JSON.readTree(raw);
                if (n == null || !n.isObject()) {
                    throw new IllegalArgumentException("the body must be a JSON object");
                }
                return n;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("the body is not valid JSON");
            }
        }
    }

    static String text(JsonNode body, String field, String fallback) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw new IllegalArgumentException("field '" + field + "' is required");
            }
            return fallback;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return v.asText();
    }

    static void send(HttpExchange ex, int status, Object body) throws IOException {
        write(ex, status, "application/json", JSON.writeValueAsBytes(body));
    }

    /** {@code body} as a JSON object with one more field: an answer's record plus, say, a warning. */
    static JsonNode withField(Object body, String field, String value) {
        ObjectNode node = JSON.valueToTree(body);
        node.put(field, value);
        return node;
    }

    static void problem(HttpExchange ex, int status, String type, String title, String detail)
            throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", PROBLEMS + type);
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        p.put("instance", ex.getRequestURI().getPath());
        write(ex, status, "application/problem+json", JSON.writeValueAsBytes(p));
    }

    static void write(HttpExchange ex, int status, String type, byte[] bytes) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
