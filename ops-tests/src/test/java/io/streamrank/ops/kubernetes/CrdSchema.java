package io.streamrank.ops.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Validates a custom resource against its CustomResourceDefinition's structural OpenAPI v3 schema, the way the API
 * server does: types, enums, required fields, and no unknown fields unless the schema preserves them.
 */
final class CrdSchema {

    private final JsonNode schema;

    private CrdSchema(JsonNode schema) {
        this.schema = schema;
    }

    /** The schema of {@code version} in a CRD file on the test classpath. */
    static CrdSchema load(String resource, String version) {
        try (InputStream in = CrdSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            JsonNode crd = Manifests.YAML.readTree(in);
            for (JsonNode v : crd.path("spec").path("versions")) {
                if (v.path("name").asText().equals(version)) {
                    return new CrdSchema(v.path("schema").path("openAPIV3Schema"));
                }
            }
            throw new IllegalStateException(resource + " has no version " + version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> validate(JsonNode object) {
        List<String> problems = new ArrayList<>();
        JsonNode copy = object.deepCopy();
        // apiVersion, kind and metadata are checked by the API server itself, not by the CRD schema.
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(List.of("apiVersion", "kind", "metadata"));
        check(copy, schema, "", problems);
        return problems;
    }

    private static void check(JsonNode value, JsonNode s, String path, List<String> problems) {
        String where = path.isEmpty() ? "." : path;
        if (s.path("x-kubernetes-int-or-string").asBoolean()) {
            if (!value.isInt() && !value.isLong() && !value.isTextual()) {
                problems.add(where + ": expected integer or string");
            }
            return;
        }
        if (s.has("enum")) {
            boolean found = false;
            for (JsonNode e : s.get("enum")) {
                found |= e.asText().equals(value.asText());
            }
            if (!found) {
                problems.add(where + ": '" + value.asText() + "' is not one of " + s.get("enum"));
            }
        }
        switch (s.path("type").asText()) {
            case "object" -> checkObject(value, s, path, problems);
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(where + ": expected array");
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(value.get(i), s.path("items"), path + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(where + ": expected string, got " + value.getNodeType());
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(where + ": expected integer, got " + value.getNodeType());
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(where + ": expected number, got " + value.getNodeType());
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(where + ": expected boolean, got " + value.getNodeType());
                }
            }
            default -> {
                // untyped: accepted as is
            }
        }
    }

    private static void checkObject(JsonNode value, JsonNode s, String path, List<String> problems) {
        String where = path.isEmpty() ? "." : path;
        if (!value.isObject()) {
            problems.add(where + ": expected object, got " + value.getNodeType());
            return;
        }
        for (JsonNode r : s.path("required")) {
            if (!value.has(r.asText())) {
                problems.add(where + ": missing required field " + r.asText());
            }
        }
        boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean();
        JsonNode props = s.path("properties");
        JsonNode additional = s.path("additionalProperties");
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String child = path + "." + f.getKey();
            if (props.has(f.getKey())) {
                check(f.getValue(), props.get(f.getKey()), child, problems);
            } else if (additional.isObject()) {
                check(f.getValue(), additional, child, problems);
            } else if (!preserve && !additional.asBoolean(false)) {
                problems.add(child + ": unknown field");
            }
        }
    }
}
