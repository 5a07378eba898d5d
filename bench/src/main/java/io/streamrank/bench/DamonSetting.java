package io.streamrank.bench;

import java.util.List;

/**
 * A host setting for the kernel's DAMON monitor that a {@code --jvm} set asks for ({@code damon=pause} or
 * {@code damon=idle}), in force for that set's runs only and undone after each of them (ADR 63, 64). The tokens are
 * the bench's own and never reach the service's JVM.
 */
interface DamonSetting extends AutoCloseable {

    /** The bench's tokens, in the order they are documented. */
    List<String> TOKENS = List.of(DamonPause.TOKEN, DamonIdle.TOKEN);

    /** How the report names what this setting did. */
    String describe();

    /** Undoes the setting. */
    @Override
    void close();

    /** Whether a JVM option set asks for any DAMON setting. */
    static boolean requested(List<String> jvm) {
        return jvm.stream().anyMatch(TOKENS::contains);
    }

    /** The JVM options without the bench's DAMON tokens. */
    static List<String> jvmOptions(List<String> jvm) {
        return jvm.stream().filter(j -> !TOKENS.contains(j)).toList();
    }

    /**
     * Applies the setting a JVM option set asks for, or returns null when it asks for none.
     *
     * @throws IllegalArgumentException when it asks for both
     * @throws IllegalStateException when the setting cannot be applied (not root, no DAMON)
     */
    static DamonSetting apply(List<String> jvm) {
        boolean pause = jvm.contains(DamonPause.TOKEN);
        boolean idle = jvm.contains(DamonIdle.TOKEN);
        if (pause && idle) {
            throw new IllegalArgumentException(DamonPause.TOKEN + " and " + DamonIdle.TOKEN
                    + " exclude each other: a paused monitor has no thread to schedule");
        }
        if (pause) {
            return DamonPause.pause(DamonPause.ADMIN);
        }
        return idle ? DamonIdle.lower(KernelMonitorProbe.PROC, DamonIdle.CHRT) : null;
    }
}
