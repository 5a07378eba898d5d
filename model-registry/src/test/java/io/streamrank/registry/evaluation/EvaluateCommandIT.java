package io.streamrank.registry.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole evaluation on a small generated clickstream: every row, both protocols, markdown and JSON agree. */
class EvaluateCommandIT {

    @TempDir
    Path dir;

    @Test
    void oneRunPrintsTheTableWritesTheJsonAndReportsProgress() throws Exception {
        Path csv = clickstream(dir.resolve("events.csv"));
        Path json = dir.resolve("report.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = EvaluateCommand.run(new String[] {"--events", csv.toString(), "--json", json.toString(),
            "--epochs", "2", "--bootstrap", "50", "--negatives", "20"}, print(out), print(err));

        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        for (Method m : Method.values()) {
            assertThat(table).contains("| " + m.label + " |");
        }
        assertThat(table).contains("Full catalog", "20 sampled negatives", "NDCG@10 (full catalog)");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("epoch 1/2", "train:",
                "dropped as the feature job does: 0 late events", "0 from the future");

        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("testInteractions").asInt()).isPositive();
        JsonNode full = report.get("fullCatalog").get(Method.FULL.label).get("NDCG@10");
        assertThat(full.get("ciLow").asDouble()).isLessThanOrEqualTo(full.get("mean").asDouble());
        assertThat(full.get("ciHigh").asDouble()).isGreaterThanOrEqualTo(full.get("mean").asDouble());
        assertThat(table).contains(String.format(java.util.Locale.ROOT, "%.4f", full.get("mean").asDouble()));
        assertThat(report.get("sampled").size()).isEqualTo(Method.values().length);
        // A target never seen before is a miss for every method in both protocols: no row, model or baseline, can
        // hit more often than the targets are in the catalog.
        double warm = report.get("targetInCatalog").asDouble();
        for (Method m : Method.values()) {
            assertThat(report.get("sampled").get(m.label).get("Recall@50").get("mean").asDouble()).as(m.label)
                    .isLessThanOrEqualTo(warm + 1e-9);
            assertThat(report.get("fullCatalog").get(m.label).get("Recall@50").get("mean").asDouble()).as(m.label)
                    .isLessThanOrEqualTo(warm + 1e-9);
        }
        // The users come back to their items: a method that knows recent items beats plain popularity.
        assertThat(report.get("fullCatalog").get(Method.RECENT.label).get("HR@10").get("mean").asDouble())
                .isGreaterThan(report.get("fullCatalog").get(Method.POPULARITY.label).get("HR@10").get("mean")
                        .asDouble());
    }

    @Test
    void helpExplainsTheProtocolAndEveryOption() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThat(EvaluateCommand.run(new String[] {"--help"}, print(out), print(new ByteArrayOutputStream())))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--events", "--test-days", "--skip-last-days",
                "--negatives", "--bootstrap", "--json", "--ann", "full catalog", "sampled", "co-visitation");
    }

    @Test
    void badOptionsExitTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(EvaluateCommand.run(new String[] {"--events", "x.csv", "--test-dayz", "1"},
                print(new ByteArrayOutputStream()), print(err))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --test-dayz");
    }

    /** Three days of 60 users who browse a few favourite items of their category and come back to them. */
    private static Path clickstream(Path file) throws Exception {
        Random random = new Random(5);
        List<String> lines = new ArrayList<>();
        long start = 1_700_000_000L;
        for (int u = 1; u <= 60; u++) {
            int cat = random.nextInt(6);
            for (int day = 0; day < 3; day++) {
                long t = start + day * 86_400L + random.nextInt(20_000);
                for (int i = 0; i < 12; i++) {
                    long item = 1000L * (cat + 1) + (u % 7) * 3 + random.nextInt(4);
                    lines.add(u + "," + item + "," + (100 + cat) + ",pv," + t);
                    t += 60 + random.nextInt(600);
                }
                if (day == 2) {
                    // Items listed on the test day: never seen before, so no method can recommend them.
                    for (int k = 0; k < 2; k++) {
                        lines.add(u + "," + (50_000L + 10L * u + k) + "," + (100 + cat) + ",pv," + t);
                        t += 60 + random.nextInt(600);
                    }
                }
            }
        }
        return Files.write(file, lines);
    }

    private static PrintStream print(ByteArrayOutputStream out) {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }
}
