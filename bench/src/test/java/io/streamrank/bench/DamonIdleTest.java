package io.streamrank.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DamonIdleTest {

    @TempDir
    Path proc;

    /** What the fake scheduler was asked to do, in order: "83 idle", "83 other". */
    private final List<String> calls = new ArrayList<>();

    private void thread(String tid, String comm, int policy) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(tid));
        Files.writeString(dir.resolve("comm"), comm + "\n");
        // /proc/TID/stat: pid (comm) state, then fields 4..52; field 41 is the policy.
        StringBuilder stat = new StringBuilder(tid + " (" + comm + ") S");
        for (int field = 4; field <= 52; field++) {
            stat.append(' ').append(field == 41 ? policy : 0);
        }
        Files.writeString(dir.resolve("stat"), stat + "\n");
    }

    private DamonIdle.Scheduler recording() {
        return (tid, idle) -> calls.add(tid + (idle ? " idle" : " other"));
    }

    @Test
    void movesTheKdamondThreadsUnderSchedOtherToIdleAndBackAfterTheRun() throws Exception {
        thread("83", "kdamond.0", 0);
        thread("84", "kdamond.1", 1); // SCHED_FIFO: someone chose it; left alone
        thread("900", "java", 0);

        try (DamonIdle idle = DamonIdle.lower(proc, recording())) {
            assertThat(calls).containsExactly("83 idle");
            assertThat(idle.describe()).startsWith("DAMON running with its thread under SCHED_IDLE for this run (83,");
        }

        assertThat(calls).containsExactly("83 idle", "83 other");
    }

    @Test
    void readsThePolicyEvenWhenTheCommandNameHoldsSpacesAndParentheses() throws Exception {
        thread("85", "kdamond (x) 2", 5);

        assertThat(DamonIdle.policy(proc.resolve("85"))).isEqualTo(5);
        assertThat(DamonIdle.policy(proc.resolve("gone"))).isEqualTo(-1);
    }

    @Test
    void aThreadItCannotMoveFailsTheRunAndPutsBackTheOnesAlreadyMoved() throws Exception {
        thread("83", "kdamond.0", 0);
        thread("86", "kdamond.1", 0);
        DamonIdle.Scheduler refusesTheSecond = (tid, idle) -> {
            if (idle && !calls.isEmpty()) {
                throw new IOException("Operation not permitted");
            }
            calls.add(tid + (idle ? " idle" : " other"));
        };

        assertThatThrownBy(() -> DamonIdle.lower(proc, refusesTheSecond))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("root needed")
                .hasMessageContaining("Operation not permitted");
        assertThat(calls).hasSize(2).last().asString().endsWith(" other");
    }

    @Test
    void noKdamondThreadMeansNothingToDoAndSaysSo() {
        try (DamonIdle idle = DamonIdle.lower(proc, recording())) {
            assertThat(idle.describe()).isEqualTo("DAMON: no kdamond thread to move to SCHED_IDLE");
        }
        assertThat(calls).isEmpty();
    }
}
