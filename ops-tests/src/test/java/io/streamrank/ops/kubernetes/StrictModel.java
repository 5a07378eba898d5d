package io.streamrank.ops.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Parses an object into fabric8's typed Kubernetes model and reports every field the model does not know. fabric8
 * keeps unknown fields in {@code additionalProperties} instead of failing, so the parsed tree is walked for them: a
 * misspelt {@code readinesProbe} or a field at the wrong level is an error here, as it would be for
 * {@code kubectl apply --validate=strict}.
 */
final class StrictModel {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private StrictModel() {
    }

    /** Problems found; empty when the object is a known kind and every field is part of its model. */
    static List<String> problems(JsonNode object) {
        List<String> problems = new ArrayList<>();
        Object parsed;
        try {
            parsed = SERIALIZATION.unmarshal(object.toString(), KubernetesResource.class);
        } catch (RuntimeException e) {
            problems.add("does not parse: " + e.getMessage());
            return problems;
        }
        if (parsed instanceof GenericKubernetesResource) {
            problems.add("unknown kind " + object.path("apiVersion").asText() + " " + object.path("kind").asText()
                    + " (no typed model)");
            return problems;
        }
        walk(parsed, "", problems, 0);
        return problems;
    }

    /** Parses {@code node} as {@code type} (e.g. a pod template inside a custom resource) and walks it. */
    static <T> List<String> problems(JsonNode node, Class<T> type) {
        List<String> problems = new ArrayList<>();
        try {
            walk(SERIALIZATION.unmarshal(node.toString(), type), "", problems, 0);
        } catch (RuntimeException e) {
            problems.add("does not parse as " + type.getSimpleName() + ": " + e.getMessage());
        }
        return problems;
    }

    private static void walk(Object o, String path, List<String> problems, int depth) {
        if (o == null || depth > 40) {
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, problems, depth + 1));
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", problems, depth + 1);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || Modifier.isStatic(m.getModifiers())
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add((path.isEmpty() ? "." : path) + ": unknown field(s) " + extra.keySet());
                }
            } else if (value != null && !(value instanceof String) && !(value instanceof Number)
                    && !(value instanceof Boolean) && !(value instanceof Enum<?>)) {
                String name = m.getName().substring(3);
                walk(value, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), problems,
                        depth + 1);
            }
        }
    }
}
