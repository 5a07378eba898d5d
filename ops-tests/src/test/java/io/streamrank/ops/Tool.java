package io.streamrank.ops;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An external command-line tool the validation needs. A missing tool fails the test with the install line instead of
 * skipping it: CI installs these (.ci/run), so absence is a broken machine, not an optional check.
 */
public record Tool(String command, String install) {

    public static final Tool KUBECTL = new Tool("kubectl",
            "install kubectl >= 1.27 (it embeds kustomize): https://kubernetes.io/docs/tasks/tools/");
    public static final Tool PROMTOOL = new Tool("promtool", "apt-get install prometheus (Debian; ships promtool)");
    public static final Tool DOCKER_COMPOSE = new Tool("docker-compose",
            "apt-get install docker-compose (Debian's v1 validates the file offline with `config`)");
    public static final Tool NODE = new Tool("node", "apt-get install nodejs (Node 18+), then npm install -g @cdktf/hcl2json");
    public static final Tool BASH = new Tool("bash", "apt-get install bash gawk");

    /** What a finished command printed. */
    public record Result(int exitCode, String output) {

        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** The tool's absolute path; fails naming the install if it is not on PATH. */
    public Path require() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(command + " is not on PATH but this validation needs it: " + install);
    }

    /** Runs the tool with {@code args} in {@code dir}, stdout and stderr merged; fails on a time-out. */
    public Result run(Path dir, long timeoutSeconds, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(require().toString());
        cmd.addAll(List.of(args));
        return exec(dir, timeoutSeconds, cmd);
    }

    static Result exec(Path dir, long timeoutSeconds, List<String> cmd) {
        try {
            Path out = Files.createTempFile("tool", ".out");
            try {
                Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new AssertionError("could not run " + String.join(" ", cmd) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
