package io.streamrank.ops.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrank.ops.Repo;
import io.streamrank.ops.Tool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HCL parsed by HashiCorp's parser (npm {@code @cdktf/hcl2json}, a WebAssembly build of it) into JSON: blocks become
 * arrays of objects, expressions stay as {@code ${...}} strings (nothing is evaluated).
 */
final class Hcl {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Tool NPM = new Tool("npm", Tool.NODE.install());
    private static Map<Path, JsonNode> cache;

    private Hcl() {
    }

    /** Every .tf file under terraform/, parsed; a file that does not parse maps to {"__error": message}. */
    static synchronized Map<Path, JsonNode> all() {
        if (cache == null) {
            cache = parse(Repo.files(Repo.path("terraform"), ".tf"));
        }
        return cache;
    }

    static Map<Path, JsonNode> parse(List<Path> files) {
        String modules = NPM.run(Repo.root(), 60, "root", "-g").output().lines()
                .filter(l -> l.startsWith("/")).findFirst().orElse("").strip();
        if (!Files.isDirectory(Path.of(modules, "@cdktf", "hcl2json"))) {
            throw new AssertionError("@cdktf/hcl2json is not installed globally (looked in " + modules
                    + "): npm install -g @cdktf/hcl2json");
        }
        try {
            Path script = Files.createTempFile("hcl2json", ".js");
            try (InputStream in = Hcl.class.getResourceAsStream("/hcl2json.js")) {
                Files.write(script, in.readAllBytes());
            }
            List<String> args = new ArrayList<>(List.of(script.toString(), modules));
            files.forEach(f -> args.add(f.toString()));
            Tool.Result r = Tool.NODE.run(Repo.root(), 120, args.toArray(String[]::new));
            Files.deleteIfExists(script);
            if (!r.ok()) {
                throw new AssertionError("hcl2json failed:\n" + r.output());
            }
            String json = r.output().substring(r.output().indexOf('{'));
            JsonNode root = JSON.readTree(json);
            Map<Path, JsonNode> out = new LinkedHashMap<>();
            files.forEach(f -> out.put(f, root.path(f.toString())));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resource blocks of {@code type} across all files: "file / name" → body. */
    static Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        all().forEach((file, hcl) -> hcl.path("resource").path(type).fields().forEachRemaining(e ->
                e.getValue().forEach(body -> out.put(Repo.root().relativize(file) + " / " + e.getKey(), body))));
        return out;
    }

    /** Blocks of {@code kind} (variable, output, module, ...) across all files: "file / name" → body. */
    static Map<String, JsonNode> blocks(String kind) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        all().forEach((file, hcl) -> hcl.path(kind).fields().forEachRemaining(e ->
                e.getValue().forEach(body -> out.put(Repo.root().relativize(file) + " / " + e.getKey(), body))));
        return out;
    }
}
