package io.streamrank.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The source revision a model was trained with, for its metadata. */
final class CodeRevision {

    private CodeRevision() {
    }

    /**
     * {@code STREAMRANK_CODE_REVISION} when set (builds from a tarball or CI), else the {@code git} commit of the
     * working directory with {@code -dirty} when it has uncommitted changes, else {@code unknown}.
     */
    static String detect() {
        String env = System.getenv("STREAMRANK_CODE_REVISION");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        String head = git("rev-parse", "HEAD");
        if (head == null || head.isEmpty()) {
            return "unknown";
        }
        String status = git("status", "--porcelain", "--untracked-files=no");
        return status == null || status.isEmpty() ? head : head + "-dirty";
    }

    private static String git(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return new String(out, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
