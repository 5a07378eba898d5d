package io.streamrank.ops.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streamrank.ops.Repo;
import io.streamrank.ops.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The rendered output of a kustomize overlay, one JSON tree per Kubernetes object. */
record Manifests(String overlay, List<JsonNode> objects) {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static List<String> overlays() {
        try (Stream<Path> s = Files.list(Repo.path("deploy/overlays"))) {
            return s.filter(p -> Files.isRegularFile(p.resolve("kustomization.yaml")))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code kubectl kustomize deploy/overlays/<overlay>}; fails with kubectl's message if it does not render. */
    static Manifests render(String overlay) {
        return renderDir("deploy/overlays/" + overlay, overlay);
    }

    /** {@code kubectl kustomize <dir>} ({@code dir} relative to the repository root), named {@code overlay}. */
    static Manifests renderDir(String dir, String overlay) {
        Tool.Result r = Tool.KUBECTL.run(Repo.root(), 120, "kustomize", dir);
        if (!r.ok()) {
            throw new AssertionError("kubectl kustomize " + dir + " failed:\n" + r.output());
        }
        List<JsonNode> objects = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(r.output())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(n -> {
                if (n != null && !n.isNull() && !n.isEmpty()) {
                    objects.add(n);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("rendered YAML of " + overlay + " does not parse", e);
        }
        return new Manifests(overlay, objects);
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    JsonNode one(String kind, String name) {
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind))
                .filter(o -> o.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(overlay + " renders no " + kind + " " + name));
    }

    static String id(JsonNode o) {
        return o.path("kind").asText() + "/" + o.path("metadata").path("name").asText();
    }
}
