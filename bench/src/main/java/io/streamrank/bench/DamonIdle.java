package io.streamrank.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the kernel's DAMON monitor running but moves its threads ({@code kdamond.N}) to {@code SCHED_IDLE} for one
 * run of the service, on request only ({@code damon=idle} in a {@code --jvm} set), and back to {@code SCHED_OTHER}
 * afterwards, also when the bench is interrupted. Unlike {@link DamonPause} the monitor keeps sampling; it only gives
 * way to every normal thread that wants the CPU. Whole runs with and without it, interleaved, tell how much of the
 * stalls is the CPU its samples take from the service rather than the sampling itself (ADR 64).
 *
 * <p>Only threads under {@code SCHED_OTHER} are changed, and only they are changed back. Setting a thread's policy
 * needs root; it is done with util-linux's {@code chrt}, which every Debian has.
 */
final class DamonIdle extends RestoredOnExit {

    /** A JVM option set's token asking for the DAMON threads under {@code SCHED_IDLE} during that set's runs. */
    static final String TOKEN = "damon=idle";

    /** Sets a thread's policy: {@code SCHED_IDLE} when {@code idle}, otherwise {@code SCHED_OTHER}. */
    interface Scheduler {
        void set(String tid, boolean idle) throws IOException;
    }

    /** The real scheduler: {@code chrt -i|-o -p 0 TID}. */
    static final Scheduler CHRT = (tid, idle) -> {
        Process p = new ProcessBuilder("chrt", idle ? "-i" : "-o", "-p", "0", tid).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (p.waitFor() != 0) {
                throw new IOException("chrt " + (idle ? "-i" : "-o") + " -p 0 " + tid + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running chrt", e);
        }
    };

    /** {@code SCHED_OTHER}'s number in {@code /proc/TID/stat}. */
    private static final int SCHED_OTHER = 0;

    private final List<String> lowered;
    private final Scheduler scheduler;

    private DamonIdle(List<String> lowered, Scheduler scheduler) {
        super(!lowered.isEmpty());
        this.lowered = lowered;
        this.scheduler = scheduler;
    }

    /**
     * Moves every kdamond thread under {@code proc} that runs under {@code SCHED_OTHER} to {@code SCHED_IDLE}.
     *
     * @throws IllegalStateException when a thread's policy cannot be set (not root, no {@code chrt})
     */
    static DamonIdle lower(Path proc, Scheduler scheduler) {
        List<String> lowered = new ArrayList<>();
        for (Path thread : KernelMonitorProbe.threads(proc)) {
            String tid = thread.getFileName().toString();
            if (policy(thread) != SCHED_OTHER) {
                continue;
            }
            try {
                scheduler.set(tid, true);
                lowered.add(tid);
            } catch (IOException e) {
                new DamonIdle(lowered, scheduler).close();
                throw new IllegalStateException(TOKEN + ": cannot move kdamond thread " + tid
                        + " to SCHED_IDLE (root needed): " + e.getMessage(), e);
            }
        }
        return new DamonIdle(lowered, scheduler);
    }

    /** The scheduling policy in {@code /proc/TID/stat} (its 41st field), or -1 when the thread is gone. */
    static int policy(Path thread) {
        try {
            String stat = Files.readString(thread.resolve("stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
            return Integer.parseInt(after[41 - 3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public String describe() {
        if (lowered.isEmpty()) {
            return "DAMON: no kdamond thread to move to SCHED_IDLE";
        }
        return "DAMON running with its thread" + (lowered.size() == 1 ? "" : "s") + " under SCHED_IDLE for this run ("
                + String.join(", ", lowered) + ", back to SCHED_OTHER after it; " + TOKEN + ")";
    }

    @Override
    void restore() {
        for (String tid : lowered) {
            try {
                scheduler.set(tid, false);
            } catch (IOException e) {
                // A thread that ended (DAMON switched off meanwhile) needs nothing; anything else is said.
                System.err.println("DAMON: could not move kdamond thread " + tid + " back to SCHED_OTHER: "
                        + e.getMessage() + " (chrt -o -p 0 " + tid + ")");
            }
        }
    }
}
