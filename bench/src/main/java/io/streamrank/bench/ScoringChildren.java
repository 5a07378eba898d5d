package io.streamrank.bench;

import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.contract.model.ModelInputBatch;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What the parts of {@code bin/bench-scoring} share: a child JVM per TensorFlow setting (its thread pools are per
 * process) and the synthetic requests they score.
 */
final class ScoringChildren {

    private ScoringChildren() {
    }

    /**
     * Runs {@link BenchScoring} with {@code args} in a child JVM under {@code threadFlags} (system properties, space
     * separated) and returns the fields of its output lines that start with {@code tag} and a space.
     */
    static List<String[]> run(String threadFlags, String tag, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dai.djl.offline=true", "-DTENSORFLOW_LIBRARY_PATH="
                + System.getProperty("TENSORFLOW_LIBRARY_PATH", "")));
        if (!threadFlags.isBlank()) {
            cmd.addAll(Arrays.asList(threadFlags.split(" ")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchScoring.class.getName()));
        cmd.addAll(List.of(args));
        java.nio.file.Path stderr = java.nio.file.Files.createTempFile("bench-scoring-child", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
            List<String[]> results = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith(tag + " ")) {
                        results.add(line.substring(tag.length() + 1).split(" "));
                    }
                }
            }
            int exit = p.waitFor();
            if (exit != 0) {
                // Its figures would be missing from the report: say why, and make the run fail.
                List<String> err = java.nio.file.Files.readAllLines(stderr, StandardCharsets.UTF_8);
                throw new IllegalStateException("a scoring child JVM (" + threadFlags + " " + String.join(" ", args)
                        + ") exited with " + exit + ":\n" + String.join("\n",
                        err.subList(Math.max(0, err.size() - 20), err.size())));
            }
            return results;
        } finally {
            java.nio.file.Files.deleteIfExists(stderr);
        }
    }

    /**
     * One request's rows: a user with 20 recent clicks and {@code rows} candidates, ids spread as the Taobao ids are
     * over the model's hash buckets.
     */
    static ModelInputBatch request(Random random, int rows, long userId) {
        long now = System.currentTimeMillis();
        List<RecentItem> recent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            recent.add(new RecentItem(random.nextInt(5_000_000), random.nextInt(9_000), EventType.CLICK, now - i));
        }
        UserFeatures user = new UserFeatures(recent, Map.of(), now, now, now);
        ModelInputBatch batch = new ModelInputBatch(rows);
        for (int i = 0; i < rows; i++) {
            batch.add(user, new ItemFeatures(random.nextInt(9_000), random.nextInt(50), now, now),
                    random.nextInt(5_000_000), random.nextInt(9_000), userId, now);
        }
        return batch;
    }
}
