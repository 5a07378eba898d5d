package io.streamrank.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Pauses the kernel's DAMON monitors for one run of the service, on request only ({@code damon=pause} in a
 * {@code --jvm} set), and switches them on again afterwards, also when the bench is interrupted: what
 * {@code pyperf system tune} does for CPU frequency, for the one host setting found to stall the service here (see
 * {@link KernelMonitorProbe}). It writes {@code off} and then {@code on} to
 * {@code /sys/kernel/mm/damon/admin/kdamonds/N/state} for each monitor that was on, which needs root; a new monitor
 * starts with the same attributes and schemes. Whole runs with and without it, interleaved, compare the two.
 */
final class DamonPause extends RestoredOnExit {

    /** A JVM option set's token asking for DAMON to be paused during that set's runs. */
    static final String TOKEN = "damon=pause";
    static final Path ADMIN = Path.of("/sys/kernel/mm/damon/admin/kdamonds");

    private final List<Path> paused;

    private DamonPause(List<Path> paused) {
        super(!paused.isEmpty());
        this.paused = paused;
    }

    /**
     * Switches off every monitor under {@code admin} whose state is {@code on}.
     *
     * @throws IllegalStateException when a monitor cannot be switched off (not root, or no DAMON sysfs interface)
     */
    static DamonPause pause(Path admin) {
        List<Path> paused = new ArrayList<>();
        if (!Files.isDirectory(admin)) {
            throw new IllegalStateException(TOKEN + ": this kernel has no DAMON sysfs interface at " + admin);
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(admin, "[0-9]*")) {
            for (Path dir : dirs) {
                Path state = dir.resolve("state");
                if (Files.readString(state).strip().equals("on")) {
                    Files.writeString(state, "off");
                    paused.add(state);
                }
            }
        } catch (IOException e) {
            DamonPause partial = new DamonPause(paused);
            partial.close();
            throw new IllegalStateException(TOKEN + ": cannot switch DAMON off (root needed): " + e.getMessage(), e);
        }
        return new DamonPause(paused);
    }

    @Override
    public String describe() {
        return paused.isEmpty() ? "DAMON: no monitor was on" : "DAMON paused for this run (" + paused.size()
                + " monitor" + (paused.size() == 1 ? "" : "s") + ", switched on again after it; " + TOKEN + ")";
    }

    @Override
    void restore() {
        for (Path state : paused) {
            try {
                Files.writeString(state, "on");
            } catch (IOException e) {
                throw new UncheckedIOException("DAMON: could not switch " + state + " on again: write 'on' to it", e);
            }
        }
    }
}
