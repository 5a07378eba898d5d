package io.streamrank.pipeline.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Samples this JVM with Java Flight Recorder while the pipeline runs and says where the CPU went: samples per thread
 * group (Flink task chains, Kafka broker, Kafka client, Lettuce, GC is not sampled) and the hottest methods (own time).
 */
final class JfrSummary implements AutoCloseable {

    private final Recording recording;
    private final Path file;

    JfrSummary(Path file) throws Exception {
        this.file = file;
        this.recording = new Recording(Configuration.getConfiguration("profile"));
        recording.start();
    }

    void stopAndPrint(Consumer<String> out, int top) throws IOException {
        recording.stop();
        recording.dump(file);
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> methods = new HashMap<>();
        int total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            total++;
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            threads.merge(group(thread), 1, Integer::sum);
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (!frames.isEmpty()) {
                RecordedFrame f = frames.get(0);
                methods.merge(f.getMethod().getType().getName() + "." + f.getMethod().getName(), 1, Integer::sum);
            }
        }
        int n = Math.max(1, total);
        out.accept(String.format("JFR: %,d CPU samples of Java threads (%s)", total, file));
        out.accept("  by thread:");
        threads.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(t -> out.accept(String.format("    %5.1f%%  %s", 100.0 * t.getValue() / n, t.getKey())));
        out.accept("  hottest methods (own time):");
        methods.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(m -> out.accept(String.format("    %5.1f%%  %s", 100.0 * m.getValue() / n, m.getKey())));
    }

    /** Flink task threads keep their chain's name; subtask indexes and attempt numbers are dropped. */
    private static String group(String thread) {
        String t = thread.replaceAll(" \\(\\d+/\\d+\\)#\\d+$", "").replaceAll("-\\d+$", "");
        if (t.startsWith("data-plane-kafka") || t.startsWith("kafka-") || t.contains("RequestHandler")) {
            return "kafka broker: " + t;
        }
        return t.length() > 110 ? t.substring(0, 110) + "..." : t;
    }

    @Override
    public void close() {
        recording.close();
    }
}
